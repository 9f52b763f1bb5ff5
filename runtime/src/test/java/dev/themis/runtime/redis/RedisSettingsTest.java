package dev.themis.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.runtime.redis.RedisSettings.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void standaloneWithDefaults() {
        RedisSettings s = RedisSettings.parse("redis://localhost");
        assertThat(s.mode()).isEqualTo(Mode.STANDALONE);
        assertThat(s.nodes()).containsExactly("localhost:6379");
        assertThat(s.tls()).isFalse();
        assertThat(s.user()).isNull();
        assertThat(s.password()).isNull();
        assertThat(s.database()).isZero();
        assertThat(s.timeout()).isEqualTo(RedisSettings.DEFAULT_TIMEOUT);
        assertThat(s.keyPrefix()).isEqualTo("themis:");
    }

    @Test
    void standaloneWithAclUserPasswordDatabaseAndOptions() {
        RedisSettings s = RedisSettings.parse(
                "rediss://milter:p%40ss:w@redis.example.net:6380/3?timeout=250ms&prefix=tms:&truststore=/etc/themis/ca.p12&truststorePassword=x");
        assertThat(s.mode()).isEqualTo(Mode.STANDALONE);
        assertThat(s.tls()).isTrue();
        assertThat(s.user()).isEqualTo("milter");
        assertThat(s.password()).isEqualTo("p@ss:w");
        assertThat(s.nodes()).containsExactly("redis.example.net:6380");
        assertThat(s.database()).isEqualTo(3);
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.keyPrefix()).isEqualTo("tms:");
        assertThat(s.trustStore()).isEqualTo(Path.of("/etc/themis/ca.p12"));
        assertThat(s.trustStorePassword()).isEqualTo("x");
    }

    @Test
    void passwordOnlyForms() {
        assertThat(RedisSettings.parse("redis://:secret@h:1").password()).isEqualTo("secret");
        assertThat(RedisSettings.parse("redis://:secret@h:1").user()).isNull();
        assertThat(RedisSettings.parse("redis://secret@h:1").password()).isEqualTo("secret");
    }

    @Test
    void clusterSeeds() {
        RedisSettings s = RedisSettings.parse("redis-cluster://10.0.0.1:7000,10.0.0.2:7001,[::1]:7002?timeout=2s");
        assertThat(s.mode()).isEqualTo(Mode.CLUSTER);
        assertThat(s.nodes()).containsExactly("10.0.0.1:7000", "10.0.0.2:7001", "[::1]:7002");
        assertThat(s.hostPorts()).contains(new HostPort("::1", 7002));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(RedisSettings.parse("rediss-cluster://a:1").tls()).isTrue();
    }

    @Test
    void sentinelWithMasterName() {
        RedisSettings s = RedisSettings.parse("redis-sentinel://u:pw@mymaster@s1,s2:26380/2");
        assertThat(s.mode()).isEqualTo(Mode.SENTINEL);
        assertThat(s.masterName()).isEqualTo("mymaster");
        assertThat(s.nodes()).containsExactly("s1:26379", "s2:26380");
        assertThat(s.user()).isEqualTo("u");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.database()).isEqualTo(2);
    }

    @Test
    void badUrlsGetOneClearMessageWithoutThePassword() {
        assertThatThrownBy(() -> RedisSettings.parse("localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid Redis URL `localhost:6379`: expected a scheme such as `redis://`");
        assertThatThrownBy(() -> RedisSettings.parse("http://h")).hasMessageContaining("unknown scheme `http`");
        assertThatThrownBy(() -> RedisSettings.parse("redis://u:topsecret@h:notaport"))
                .hasMessage("invalid Redis URL `redis://u:***@h:notaport`: bad port `notaport` in `h:notaport`")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> RedisSettings.parse("redis-sentinel://h:1")).hasMessageContaining("names the master");
        assertThatThrownBy(() -> RedisSettings.parse("redis-cluster://a:1/2")).hasMessageContaining("no database");
        assertThatThrownBy(() -> RedisSettings.parse("redis://a:1,b:2")).hasMessageContaining("redis-cluster://");
        assertThatThrownBy(() -> RedisSettings.parse("redis://a?timeout=soon")).hasMessageContaining("timeout must");
        assertThatThrownBy(() -> RedisSettings.parse("redis://a?tiemout=1"))
                .hasMessageContaining("unknown option `tiemout`");
        assertThatThrownBy(() -> RedisSettings.parse("redis://a?prefix={x}:")).hasMessageContaining("braces");
        assertThatThrownBy(() -> RedisSettings.parse("redis://::1:6379")).hasMessageContaining("brackets");
    }

    @Test
    void toStringNeverShowsThePassword() {
        RedisSettings s = RedisSettings.parse("redis://admin:hunter2@h:1");
        assertThat(s.toString()).doesNotContain("hunter2").contains("redis://admin:***@h:1");
        assertThat(s.redactedUrl()).isEqualTo("redis://admin:***@h:1");
    }

    @Test
    void theOriginalConstructorStillWorks() {
        RedisSettings s = new RedisSettings(
                Mode.STANDALONE, List.of("h:1"), null, null, null, false, null, null, Duration.ofSeconds(1), "themis:");
        assertThat(s.database()).isZero();
    }
}
