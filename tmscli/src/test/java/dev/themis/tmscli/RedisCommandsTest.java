package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.monitor.MonitorSample;
import dev.themis.runtime.monitor.RedisTrafficMonitor;
import dev.themis.runtime.testing.RedisServer;
import dev.themis.tmscli.ops.RedisBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** tmscli against a real redis-server: what lands in Redis, and what comes back. */
class RedisCommandsTest {
    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    @TempDir
    Path home;

    @BeforeEach
    void empty() {
        redis.flushAll();
    }

    Run tms(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--redis", redis.uri()));
        return Run.of(s -> RedisBackend.open(s, Run.CLOCK), home, Map.of(), "", argv);
    }

    @Test
    void policiesGroupsAndTheirRulesLiveInTheConfigurationStore() {
        assertThat(tms("-a", "--group", "internal", "@example.com 192.0.2.0/24").status())
                .isZero();
        Run add = tms("-a", "--policy", "out", "Source", "internal", "Destination", "!internal", "JailSpec", "3:60");
        assertThat(add.status()).as(add.err()).isZero();

        assertThat(redis.callText("HGET", "themis:{cfg}:statements", "policy:out"))
                .isEqualTo("policy out Source internal Destination !internal JailSpec 3:60");
        assertThat(tms("-m", "--policy", "out", "JailAction", "defer").status()).isZero();
        assertThat(tms("-g", "--policy", "out", "--json").out()).contains("\"JailAction\":\"defer\"");
        Run refused = tms("-d", "--group", "internal");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("used by policy `out`");
    }

    @Test
    void pushOfExportIsANoOp() throws Exception {
        Path file = home.resolve("a.tms");
        Files.writeString(file, """
                group staff @example.com
                policy p Source staff Destination any JailSpec 10:60 JailAction block
                features global global_custom_block 2
                """, StandardCharsets.UTF_8);
        assertThat(tms("push", file.toString()).status()).isZero();
        String version = redis.callText("GET", "themis:{cfg}:version");
        Path exported = home.resolve("export.tms");
        Files.writeString(exported, tms("export").out(), StandardCharsets.UTF_8);

        Run again = tms("push", exported.toString());

        assertThat(again.out()).isEqualTo("no changes\n");
        assertThat(redis.callText("GET", "themis:{cfg}:version")).isEqualTo(version);
    }

    @Test
    void flushdbRemovesOnlyThemisKeys() {
        redis.call("SET", "someone-else:key", "keep");
        tms("-a", "--policy", "p", "Source", "any", "Destination", "any");
        tms("-m", "--metadata", "u@example.com", "bypass", "TRUE");

        Run r = tms("-f", "--flushdb");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("deleted the configuration (1 statement) and 1 other Themis key\n");
        // what is left: the other key, and the configuration version, which keeps growing so that
        // no themisd mistakes a later configuration for the one it has
        assertThat(redis.callText("DBSIZE")).isEqualTo("2");
        assertThat(redis.callText("EXISTS", "themis:{cfg}:version")).isEqualTo("1");
        assertThat(redis.callText("GET", "someone-else:key")).isEqualTo("keep");
    }

    @Test
    void searchAndDelLookupUseThePrefixOnly() {
        redis.call("SET", "other:{o:u@example.com}:meta", "x");
        tms("-m", "--metadata", "u@example.com", "bypass", "TRUE");
        tms("-m", "--metadata", "v@example.org", "bypass", "TRUE");

        Run found = tms("-g", "--search", "*example.com*", "--json");
        assertThat(found.out().strip()).isEqualTo("[\"themis:{o:u@example.com}:meta\"]");

        Run deleted = tms("-d", "--del-lookup", "*example.*");
        assertThat(deleted.out()).isEqualTo("deleted 2 keys\n");
        assertThat(redis.callText("EXISTS", "other:{o:u@example.com}:meta")).isEqualTo("1");
    }

    @Test
    void metadataBlocksAndOverridesPerObject() {
        Run set = tms("-m", "--metadata", "AI:metadata:U@Example.com", "manual_block", "TRUE");
        assertThat(set.status()).as(set.err()).isZero();
        String meta = "themis:{o:u@example.com}:meta";
        assertThat(redis.callText("HGET", meta, "manual_block")).isEqualTo("TRUE");
        assertThat(Long.parseLong(redis.callText("TTL", meta))).isBetween(86_000L, 86_400L);
        assertThat(tms("blocked", "--json").out())
                .contains("{\"object\":\"u@example.com\",\"reason\":\"manual_block\"}");

        assertThat(tms("unblock", "u@example.com").out()).isEqualTo("u@example.com unblocked\n");
        assertThat(tms("blocked", "--json").out().strip()).isEqualTo("[]");

        tms("-a", "--policy", "out", "Source", "any", "Destination", "any", "JailSpec", "10:60");
        Run o = tms("override", "u@example.com", "out", "1000:3600");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(redis.callText("HGET", meta, "limit:out")).isEqualTo("1000:3600");
        assertThat(redis.callText("TTL", meta)).isEqualTo("-1");
        assertThat(tms("overrides", "--json").out())
                .contains("{\"object\":\"u@example.com\",\"policy\":\"out\",\"JailSpec\":\"1000:3600\"}");
        assertThat(tms("override", "--remove", "u@example.com", "out").status()).isZero();
        // no longer kept forever: expiring with global_ttl, or gone when nothing else was in it
        assertThat(Long.parseLong(redis.callText("TTL", meta))).isNotEqualTo(-1L);
    }

    @Test
    void usageShowsCountsRemainingAndWhenTheObjectMaySendAgain() {
        tms(
                "-a",
                "--policy",
                "out",
                "Source",
                "any",
                "Destination",
                "any",
                "JailBy",
                "Sender",
                "JailSpec",
                "3:60;10:3600");
        long now = Run.CLOCK.millis();
        String rl = "themis:{o:u@example.com}:rl:out";
        redis.call(
                "ZADD",
                rl,
                Long.toString(now - 50_000),
                "a",
                Long.toString(now - 20_000),
                "b",
                Long.toString(now - 10_000),
                "c",
                Long.toString(now - 600_000),
                "d");

        Run r = tms("usage", "u@example.com", "--json");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("{\"limit\":3,\"seconds\":60,\"used\":3,\"remaining\":0,"
                        + "\"nextAllowedAt\":\"2026-11-25T12:00:10Z\",\"nextAllowedInSeconds\":10")
                .contains("{\"limit\":10,\"seconds\":3600,\"used\":4,\"remaining\":6,");
    }

    @Test
    void monitorReadsTheTrafficSeries() {
        tms("-a", "--policy", "out", "Source", "any", "Destination", "any", "RequestsMon", "TRUE");
        try (RedisClient c =
                RedisClient.builder().hostAndPort("127.0.0.1", redis.port()).build()) {
            RedisTrafficMonitor m = new RedisTrafficMonitor(c, "themis:");
            MonitorSample sample = new MonitorSample(true, List.of("out"), Duration.ofDays(1));
            Instant t = Run.CLOCK.instant().minusSeconds(5);
            m.record(t, sample);
            m.record(t, sample);
            m.record(t.plusSeconds(1), sample);
        }

        Run all = tms("monitor", "--last", "60s", "--json");
        Run table = tms("monitor", "--policy", "out", "--last", "10s", "--table");

        assertThat(all.status()).as(all.err()).isZero();
        assertThat(all.out()).contains("\"total\":3,\"peak\":2");
        assertThat(table.out()).contains("2026-11-25T11:59:55Z   2").contains("total 3 in 10 s, peak 2/s");
    }

    @Test
    void anUnreachableRedisIsOneClearMessage() {
        Run r = Run.of(
                s -> RedisBackend.open(s, Run.CLOCK),
                home,
                Map.of(),
                "",
                List.of("-g", "--policy", "all", "--redis", "redis://127.0.0.1:1"));

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("tmscli: ").contains("127.0.0.1:1").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }
}
