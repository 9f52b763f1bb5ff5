package dev.themis.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisClusterNodes;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/**
 * The limiter contract on a real three-master Cluster: objects spread over slots, so messages with
 * several objects take the reserve-then-release path.
 */
class ClusterLimiterTest extends LimiterContract {
    @RegisterExtension
    static final RedisClusterNodes cluster = RedisClusterNodes.create();

    private static RedisClusterClient client;
    private static RedisLimiter limiter;

    @BeforeAll
    static void start() {
        Set<HostAndPort> seeds = cluster.seeds().stream().map(HostAndPort::from).collect(Collectors.toSet());
        client = RedisClusterClient.builder().nodes(seeds).build();
        limiter = new RedisLimiter(client, "themis:", 86_400);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @BeforeEach
    void flush() {
        cluster.masters().forEach(m -> m.flushAll());
    }

    @Override
    Limiter limiter() {
        return limiter;
    }

    @Override
    void putMetadata(String object, String field, String value) {
        client.hset(new CounterKeys("themis:").metadata(object), field, value);
    }

    @Override
    long unitsHeld(String policy, String object) {
        return client.zcard(new CounterKeys("themis:").counter(policy, object));
    }

    @org.junit.jupiter.api.Test
    void objectsInDifferentSlotsAreDecidedTogether() {
        CounterKeys keys = new CounterKeys("themis:");
        String a = "a@example.com";
        String b = "10.9.8.7";
        assertThat(cluster.slotOf(keys.counter("p", a))).isNotEqualTo(cluster.slotOf(keys.counter("q", b)));
        CounterStep first = step("p", a, "5:60");
        CounterStep second = step("q", b, "1:60");
        CounterStep third = step("r", "c@example.org", "5:60");
        assertThat(limiter.acquire(List.of(first, second, third), T0).terminalIndex())
                .isEqualTo(-1);
        LimitOutcome refused = limiter.acquire(List.of(first, second, third), T0 + 1);
        assertThat(refused.terminalIndex()).isEqualTo(1);
        assertThat(unitsHeld("p", a)).isEqualTo(1);
        assertThat(unitsHeld("r", "c@example.org")).isEqualTo(1);
    }
}
