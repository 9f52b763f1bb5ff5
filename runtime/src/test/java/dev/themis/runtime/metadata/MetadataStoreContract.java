package dev.themis.runtime.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.compiler.model.JailSpec;
import dev.themis.runtime.config.ConfigChange;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.redis.RedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/** Metadata and key management, run against standalone Redis and a three-master Cluster. */
abstract class MetadataStoreContract {

    static final Duration TTL = Duration.ofSeconds(86_400);

    abstract RedisConnection connection();

    MetadataStore store;
    UnifiedJedis jedis;

    @BeforeEach
    void clean() {
        jedis = connection().client();
        store = new MetadataStore(connection());
        store.flushThemis();
        jedis.set("unrelated:key", "stays"); // another application's data in the same Redis
    }

    @Test
    void manualBlockIsStoredCanonicallyWithTheTtl() {
        ObjectMetadata meta = store.set("user@example.com", "manual_block", "true", TTL);
        assertThat(meta.fields()).containsExactly(Map.entry("manual_block", "TRUE"));
        assertThat(meta.manualBlock()).isTrue();
        assertThat(meta.expiresIn()).isNotNull().isLessThanOrEqualTo(TTL).isGreaterThan(TTL.minusMinutes(1));
        assertThat(jedis.hget("themis:{o:user@example.com}:meta", "manual_block"))
                .isEqualTo("TRUE");

        assertThat(store.set("user@example.com", "MANUAL_BLOCK", "FALSE", TTL).manualBlock())
                .isFalse();
    }

    @Test
    void badKeysAndValuesGetOneClearMessage() {
        assertThatThrownBy(() -> store.set("u", "manual_blok", "TRUE", TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown metadata key `manual_blok`; known keys: bypass, manual_block");
        assertThatThrownBy(() -> store.set("u", "block_count", "3", TTL))
                .hasMessage("metadata `block_count` is kept by themisd and cannot be set; administrators set: "
                        + "bypass, manual_block");
        assertThatThrownBy(() -> store.set("u", "bypass", "maybe", TTL))
                .hasMessage("invalid value for metadata `bypass`: expected TRUE or FALSE, found `maybe`");
        assertThat(store.get("u").isEmpty()).as("nothing was written").isTrue();
    }

    @Test
    void aLimitOverrideKeepsTheMetadataFromExpiring() {
        store.set("big-customer.example", "bypass", "FALSE", TTL);
        ObjectMetadata withOverride = store.setLimitOverride(
                "big-customer.example",
                "outbound",
                JailSpec.parse("1000:3600;5000:86400").orElseThrow(),
                TTL);
        assertThat(withOverride.limitOverrides()).containsExactly(Map.entry("outbound", "1000:3600;5000:86400"));
        assertThat(withOverride.expiresIn()).as("an override never expires").isNull();
        assertThat(jedis.hget("themis:{o:big-customer.example}:meta", "limit:outbound"))
                .isEqualTo("1000:3600;5000:86400");

        ObjectMetadata without = store.removeLimitOverride("big-customer.example", "outbound", TTL);
        assertThat(without.limitOverrides()).isEmpty();
        assertThat(without.expiresIn()).as("global_ttl applies again").isNotNull();

        assertThatThrownBy(() -> store.setLimitOverride("x", "p", JailSpec.GLOBAL, TTL))
                .hasMessageContaining("not `0:0`");
    }

    @Test
    void listsObjectsBlockedNow() {
        store.set("manual@example.com", "manual_block", "TRUE", TTL);
        store.set("free@example.com", "manual_block", "FALSE", TTL);
        long now = System.currentTimeMillis();
        jedis.set(
                "themis:{o:spammer@example.com}:blk:pool1:outbound",
                Long.toString(now + 600_000),
                SetParams.setParams().px(600_000));
        jedis.set(
                "themis:{o:gone@example.com}:blk:outbound",
                Long.toString(now - 1_000),
                SetParams.setParams().px(60_000));

        List<BlockedObject> blocked = store.blockedObjects();

        assertThat(blocked).hasSize(2);
        assertThat(blocked.get(0))
                .isEqualTo(new BlockedObject("manual@example.com", BlockedObject.Reason.MANUAL, null, null));
        assertThat(blocked.get(1).object()).isEqualTo("spammer@example.com");
        assertThat(blocked.get(1).reason()).isEqualTo(BlockedObject.Reason.CUSTOM_BLOCK);
        assertThat(blocked.get(1).policy()).isEqualTo("pool1:outbound");
        assertThat(blocked.get(1).until()).isEqualTo(Instant.ofEpochMilli(now + 600_000));
    }

    @Test
    void unblockAndResetTouchOnlyThatObject() {
        store.set("a@example.com", "manual_block", "TRUE", TTL);
        store.set("a@example.com", "bypass", "FALSE", TTL);
        jedis.set("themis:{o:a@example.com}:blk:p1", "99999999999999");
        jedis.zadd("themis:{o:a@example.com}:rl:p1", 1, "m1");
        jedis.zadd("themis:{o:b@example.com}:rl:p1", 1, "m1");

        assertThat(store.unblock("a@example.com", TTL)).isEqualTo(2);
        assertThat(store.get("a@example.com").fields()).containsOnlyKeys("bypass");
        assertThat(jedis.exists("themis:{o:a@example.com}:rl:p1"))
                .as("counters stay")
                .isTrue();

        assertThat(store.reset("a@example.com")).isEqualTo(1);
        assertThat(jedis.exists("themis:{o:a@example.com}:rl:p1")).isFalse();
        assertThat(jedis.exists("themis:{o:b@example.com}:rl:p1")).isTrue();
        assertThat(store.get("a@example.com").fields()).containsOnlyKeys("bypass");
    }

    @Test
    void searchAndDeleteByPatternUseTheWholeClusterButNeverTheConfiguration() {
        for (int i = 0; i < 40; i++) {
            store.set("user" + i + "@example.com", "bypass", "TRUE", TTL);
        }
        store.set("other@example.org", "bypass", "TRUE", TTL);
        new ConfigStore(connection()).apply(0, List.of(new ConfigChange.Put("pool:mx", "pool mx mx.example.com")));

        assertThat(store.search("*@example.com}*", 1000)).hasSize(40).allMatch(k -> k.startsWith("themis:{o:user"));
        assertThat(store.search("*", 5)).hasSize(5);

        assertThat(store.deleteMatching("*example.com*")).isEqualTo(40);
        assertThat(store.deleteMatching("{cfg}*"))
                .as("configuration is protected")
                .isZero();
        assertThat(store.search("*", 1000))
                .containsExactlyInAnyOrder(
                        "themis:{o:other@example.org}:meta", "themis:{cfg}:statements", "themis:{cfg}:version");
    }

    @Test
    void flushRemovesOnlyThemisKeysAndKeepsTheVersionGrowing() {
        ConfigStore config = new ConfigStore(connection());
        long version =
                config.apply(config.version(), List.of(new ConfigChange.Put("pool:mx", "pool mx mx.example.com")));
        store.set("x@example.com", "manual_block", "TRUE", TTL);
        jedis.zadd("themis:{o:x@example.com}:rl:p", 1, "m");

        long deleted = store.flushThemis();

        assertThat(deleted).isEqualTo(2);
        assertThat(config.read().statements()).isEmpty();
        assertThat(config.version()).isGreaterThan(version);
        assertThat(jedis.get("unrelated:key")).isEqualTo("stays");
        assertThat(store.search("*", 10)).containsExactly("themis:{cfg}:version");
    }

    @Test
    void globCharactersInAnObjectMatchOnlyThemselves() {
        store.set("a*b@example.com", "bypass", "TRUE", TTL);
        store.set("axb@example.com", "bypass", "TRUE", TTL);
        jedis.zadd("themis:{o:axb@example.com}:rl:p", 1, "m");
        assertThat(store.reset("a*b@example.com")).isZero();
        assertThat(jedis.exists("themis:{o:axb@example.com}:rl:p")).isTrue();
    }
}
