package dev.themis.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.runtime.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/** The contract against a real standalone redis-server, plus what only Redis has: keys and TTLs. */
class RedisTrafficMonitorTest extends TrafficMonitorContract {

    @RegisterExtension
    static final RedisServer REDIS = RedisServer.create();

    // One client per test: the outage test restarts the server, which breaks pooled connections.
    RedisClient client;

    @BeforeEach
    void connect() {
        client = RedisClient.create(REDIS.host(), REDIS.port());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Override
    TrafficMonitor monitor() {
        return new RedisTrafficMonitor(client, "themis:");
    }

    @Override
    TrafficMonitor freshMonitor() {
        // A fresh key prefix is a fresh store.
        return new RedisTrafficMonitor(
                client, "t" + UUID.randomUUID().toString().substring(0, 8) + ":");
    }

    @Test
    void keysAreOneHashPerScopeAndMinuteThatExpiresAfterTheRetention() {
        RedisTrafficMonitor m = new RedisTrafficMonitor(client, "themis:");
        Instant t = T0.plus(Duration.ofMinutes(15)).plusMillis(42_250);
        long minute = T0.plus(Duration.ofMinutes(15)).getEpochSecond();
        m.record(t, new MonitorSample(true, List.of("outbound"), MonitorSample.retentionDays(2)));

        String all = "themis:{m:all}:mps:" + minute;
        String policy = "themis:{m:p:outbound}:mps:" + minute;
        assertThat(m.key(MonitorScope.all(), minute)).isEqualTo(all);
        assertThat(m.key(MonitorScope.policy("outbound"), minute)).isEqualTo(policy);
        assertThat(client.hgetAll(all)).containsExactly(java.util.Map.entry("42", "1"));
        assertThat(client.hgetAll(policy)).containsExactly(java.util.Map.entry("42", "1"));
        long expected = minute + 60 + Duration.ofDays(2).toSeconds();
        assertThat(client.expireTime(all)).isEqualTo(expected);
        assertThat(client.expireTime(policy)).isEqualTo(expected);
    }

    @Test
    void blockedSeriesHaveTheirOwnKeys() {
        RedisTrafficMonitor m = new RedisTrafficMonitor(client, "themis:");
        long minute = T0.getEpochSecond();
        assertThat(m.key(MonitorScope.blocked(), minute)).isEqualTo("themis:{m:b:all}:mps:" + minute);
        assertThat(m.key(MonitorScope.blockedBy("outbound"), minute))
                .isEqualTo("themis:{m:b:p:outbound}:mps:" + minute);
        assertThat(m.updates(T0, new MonitorSample(false, List.of(), ONE_DAY, "outbound")))
                .extracting(MonitorUpdate::key)
                .containsExactly("themis:{m:b:all}:mps:" + minute, "themis:{m:b:p:outbound}:mps:" + minute);
    }

    @Test
    void theEngineCanSendTheWritesInItsOwnPipeline() {
        RedisTrafficMonitor m = new RedisTrafficMonitor(client, "themis:");
        Instant t = T0.plusSeconds(5 * 3600 + 7);
        List<MonitorUpdate> updates = m.updates(t, sample("p_pipe"));
        assertThat(updates).hasSize(2);
        try (AbstractPipeline p = client.pipelined()) {
            p.incr("themis:some-engine-key"); // the engine's own work in the same round trip
            RedisTrafficMonitor.appendTo(p, updates);
            p.sync();
        }
        assertThat(m.series(MonitorScope.policy("p_pipe"), t, t.plusSeconds(1)).total())
                .isEqualTo(1);
        assertThat(m.updates(t, new MonitorSample(false, List.of(), ONE_DAY))).isEmpty();
    }

    @Test
    void everyThemisdOnTheSameRedisAddsToTheSameSeries() {
        Instant t = T0.plusSeconds(6 * 3600);
        RedisClient second = RedisClient.create(REDIS.host(), REDIS.port());
        try (second) {
            new RedisTrafficMonitor(client, "themis:").record(t, sample("p_two"));
            new RedisTrafficMonitor(second, "themis:").record(t, sample("p_two"));
        }
        assertThat(monitor()
                        .series(MonitorScope.policy("p_two"), t, t.plusSeconds(1))
                        .total())
                .isEqualTo(2);
    }

    @Test
    void redisDownLosesTheCountButNeverFailsTheMessageAndReadsSayWhy() {
        RedisClient c = RedisClient.create(REDIS.host(), REDIS.port());
        try (c) {
            RedisTrafficMonitor m = new RedisTrafficMonitor(c, "themis:");
            Instant t = T0.plusSeconds(7 * 3600);
            REDIS.stop();
            m.record(t, sample("p_down")); // must not throw
            assertThat(m.lostCounts()).isEqualTo(1);
            assertThatThrownBy(() -> m.series(MonitorScope.policy("p_down"), t, t.plusSeconds(60)))
                    .isInstanceOf(MonitorStoreException.class)
                    .hasMessageContaining("cannot read the policy:p_down monitoring series from Redis");
            REDIS.start();
            m.record(t.plusSeconds(1), sample("p_down"));
            assertThat(m.lostCounts())
                    .as("within the back-off after a failure, writes are not even tried")
                    .isEqualTo(2);
            m.record(t.plusSeconds(RedisTrafficMonitor.BACKOFF_SECONDS), sample("p_down"));
            assertThat(m.series(MonitorScope.policy("p_down"), t, t.plusSeconds(60))
                            .counts())
                    .containsExactly(at(t.plusSeconds(RedisTrafficMonitor.BACKOFF_SECONDS), 1));
            assertThat(m.lostCounts()).isEqualTo(2);
        }
    }
}
