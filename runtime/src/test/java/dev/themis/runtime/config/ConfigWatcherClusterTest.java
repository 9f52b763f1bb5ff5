package dev.themis.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.redis.HostPort;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.testing.RedisClusterNodes;
import dev.themis.runtime.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications are node-local in a Cluster: the watcher must follow the {cfg} slot. */
class ConfigWatcherClusterTest {

    @RegisterExtension
    final RedisClusterNodes cluster = RedisClusterNodes.withReplicas(3, 1);

    private static final String VERSION_KEY = "themis:{cfg}:version";

    @Test
    void followsTheConfigurationSlotWhenItMovesAndWhenItsMasterFails() {
        AtomicInteger calls = new AtomicInteger();
        try (RedisConnection connection = RedisConnection.open(cluster.settings());
                ConfigWatcher watcher =
                        ConfigWatcher.start(connection, Duration.ofMillis(200), calls::incrementAndGet)) {
            RedisServer owner = cluster.masterFor(VERSION_KEY);
            Await.until(
                    "subscribed on the owner of {cfg}",
                    () -> watcher.subscribedNode().equals(java.util.Optional.of(address(owner))));
            for (RedisServer node : cluster.nodes()) {
                assertThat(node.redisCli("CONFIG", "GET", "notify-keyspace-events"))
                        .as("every node, replicas included, publishes keyspace events")
                        .contains("K");
            }
            ConfigStore store = new ConfigStore(connection);
            long v1 = store.apply(0, List.of(new ConfigChange.Put("pool:mx", "pool mx mx1.example.com")));

            // resharding: the slot moves to another master
            RedisServer target = cluster.masters().stream()
                    .filter(n -> n != owner)
                    .findFirst()
                    .orElseThrow();
            cluster.moveSlot(cluster.slotOf(VERSION_KEY), target);
            Await.until(
                    "subscribed on the new owner after resharding",
                    () -> watcher.subscribedNode().equals(java.util.Optional.of(address(target))),
                    () -> "subscribed: " + watcher.subscribedNode());
            int beforeWrite = calls.get();
            long v2 = store.apply(v1, List.of(new ConfigChange.Put("pool:mx", "pool mx mx2.example.com")));
            Await.until("the write after resharding was seen", () -> calls.get() > beforeWrite);

            // failover: the owner dies, its replica takes over
            long subscriptionsBefore = watcher.subscriptionCount();
            target.stop();
            Await.until(
                    "subscribed on the promoted replica",
                    () -> watcher.subscriptionCount() > subscriptionsBefore
                            && watcher.subscribedNode().isPresent()
                            && !watcher.subscribedNode().get().equals(address(target)),
                    () -> "subscribed: " + watcher.subscribedNode());
            RedisServer promoted = cluster.masterFor(VERSION_KEY);
            assertThat(watcher.subscribedNode()).contains(address(promoted));
            Await.until("the new master serves the configuration", () -> {
                try {
                    return store.read().version() == v2;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            int beforeLast = calls.get();
            store.apply(v2, List.of(new ConfigChange.Delete("pool:mx")));
            Await.until("the write after failover was seen", () -> calls.get() > beforeLast);
        }
    }

    private static HostPort address(RedisServer server) {
        return HostPort.parse(server.hostAndPort(), 0);
    }
}
