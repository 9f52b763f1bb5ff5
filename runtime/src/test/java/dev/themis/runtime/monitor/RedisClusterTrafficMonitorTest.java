package dev.themis.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisClusterNodes;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/** The contract against a real three-master Redis Cluster: scopes live in different slots. */
class RedisClusterTrafficMonitorTest extends TrafficMonitorContract {

    @RegisterExtension
    static final RedisClusterNodes CLUSTER = RedisClusterNodes.create();

    static RedisClusterClient client;

    @BeforeAll
    static void connect() {
        Set<HostAndPort> seeds = CLUSTER.seeds().stream().map(HostAndPort::from).collect(Collectors.toSet());
        client = RedisClusterClient.create(seeds);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Override
    TrafficMonitor monitor() {
        return new RedisTrafficMonitor(client, "themis:");
    }

    @Override
    TrafficMonitor freshMonitor() {
        return new RedisTrafficMonitor(
                client, "t" + UUID.randomUUID().toString().substring(0, 8) + ":");
    }

    @Test
    void scopesAreSpreadOverTheMastersAndOneScopeStaysInOneSlot() {
        RedisTrafficMonitor m = new RedisTrafficMonitor(client, "themis:");
        Instant t = T0.plusSeconds(8 * 3600);
        List<String> policies = List.of("a1", "b2", "c3", "d4", "e5", "f6", "g7", "h8");
        m.record(t, sample(policies.toArray(String[]::new)));
        Set<Integer> slots = policies.stream()
                .map(p -> CLUSTER.slotOf(m.key(MonitorScope.policy(p), t.getEpochSecond())))
                .collect(Collectors.toSet());
        assertThat(slots).hasSizeGreaterThan(1);
        long minute = t.getEpochSecond();
        assertThat(CLUSTER.slotOf(m.key(MonitorScope.policy("a1"), minute)))
                .isEqualTo(CLUSTER.slotOf(m.key(MonitorScope.policy("a1"), minute + 3600)));
        for (String p : policies) {
            assertThat(m.series(MonitorScope.policy(p), t, t.plusSeconds(1)).total())
                    .isEqualTo(1);
        }
    }
}
