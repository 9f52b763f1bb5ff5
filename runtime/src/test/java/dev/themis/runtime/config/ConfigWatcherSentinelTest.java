package dev.themis.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.redis.HostPort;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.redis.RedisSettings;
import dev.themis.runtime.testing.RedisSentinelGroup;
import dev.themis.runtime.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sentinel: the connector finds the master, and the watcher follows it through a failover. */
class ConfigWatcherSentinelTest {

    @RegisterExtension
    final RedisSentinelGroup sentinel = RedisSentinelGroup.create();

    @Test
    void followsTheMasterThroughAFailover() {
        AtomicInteger calls = new AtomicInteger();
        try (RedisConnection connection = RedisConnection.open(RedisSettings.parse(sentinel.uri()));
                ConfigWatcher watcher =
                        ConfigWatcher.start(connection, Duration.ofMillis(200), calls::incrementAndGet)) {
            RedisServer master = sentinel.currentMaster();
            assertThat(connection.masters()).containsExactly(address(master));
            Await.until(
                    "subscribed on the master", () -> watcher.subscribedNode().equals(Optional.of(address(master))));
            ConfigStore store = new ConfigStore(connection);
            long v1 = store.apply(0, List.of(new ConfigChange.Put("pool:mx", "pool mx mx1.example.com")));
            assertThat(master.call("GET", "themis:{cfg}:version")).isEqualTo("1");

            RedisServer promoted = sentinel.failover();

            Await.until(
                    "subscribed on the promoted master",
                    () -> watcher.subscribedNode().equals(Optional.of(address(promoted))),
                    () -> "subscribed: " + watcher.subscribedNode());
            Await.until("the client writes to the new master", () -> {
                try {
                    return store.read().version() == v1;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            int before = calls.get();
            Await.until("a write on the new master lands", () -> {
                try {
                    store.apply(v1, List.of(new ConfigChange.Delete("pool:mx")));
                    return true;
                } catch (RuntimeException e) {
                    return false; // a pooled connection to the demoted master fails once
                }
            });
            Await.until("the write after failover was seen", () -> calls.get() > before);
            assertThat(promoted.call("GET", "themis:{cfg}:version")).isEqualTo("2");
        }
    }

    private static HostPort address(RedisServer server) {
        return HostPort.parse(server.hostAndPort(), 0);
    }
}
