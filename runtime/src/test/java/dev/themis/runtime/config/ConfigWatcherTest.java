package dev.themis.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.redis.HostPort;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfigWatcherTest {

    /** Long enough that only a notification, not the safety-net poll, can explain a quick reload. */
    private static final Duration NO_POLL = Duration.ofMinutes(10);

    @RegisterExtension
    final RedisServer redis = RedisServer.create();

    @RegisterExtension
    final RedisServer managed =
            RedisServer.builder().config("rename-command CONFIG \"\"").build();

    @Test
    void enablesNotificationsKeepingExistingFlagsAndReloadsOnEveryWrite() {
        redis.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
        AtomicInteger calls = new AtomicInteger();
        try (RedisConnection connection = RedisConnection.open(redis.settings());
                ConfigWatcher watcher = ConfigWatcher.start(connection, NO_POLL, calls::incrementAndGet)) {
            Await.until("the watcher subscribed and asked for a first reload", () -> calls.get() >= 1);
            assertThat(watcher.notificationsEnabled()).isTrue();
            assertThat(flags(redis)).contains("E", "x", "K", "$");

            ConfigStore store = new ConfigStore(connection);
            int before = calls.get();
            store.apply(0, List.of(new ConfigChange.Put("pool:mx", "pool mx mx1.example.com")));
            Await.until("a write was notified", () -> calls.get() > before);

            int afterFirst = calls.get();
            store.apply(1, List.of(new ConfigChange.Delete("pool:mx")));
            Await.until("a second write was notified", () -> calls.get() > afterFirst);
        }
    }

    @Test
    void fallsBackToPollingWhenConfigIsRefused() {
        AtomicInteger calls = new AtomicInteger();
        try (RedisConnection connection = RedisConnection.open(managed.settings());
                ConfigWatcher watcher =
                        ConfigWatcher.start(connection, Duration.ofMillis(200), calls::incrementAndGet)) {
            Await.until("the watcher subscribed", () -> calls.get() >= 1);
            assertThat(watcher.notificationsEnabled()).isFalse();
            assertThat(managed.callText("INFO", "keyspace")).doesNotContain("themis");

            int before = calls.get();
            new ConfigStore(connection).apply(0, List.of(new ConfigChange.Put("pool:mx", "pool mx mx1.example.com")));
            Await.until("the poll saw the new version", () -> calls.get() > before);
        }
    }

    @Test
    void resubscribesAndAsksForAReloadAfterRedisComesBack() {
        AtomicInteger calls = new AtomicInteger();
        try (RedisConnection connection = RedisConnection.open(redis.settings());
                ConfigWatcher watcher =
                        ConfigWatcher.start(connection, Duration.ofMillis(300), calls::incrementAndGet)) {
            Await.until("subscribed", () -> watcher.subscriptionCount() == 1 && calls.get() >= 1);
            int before = calls.get();

            redis.restart(); // notification flags and data are gone with the old process

            Await.until("subscribed again", () -> watcher.subscriptionCount() >= 2);
            Await.until("a reload was requested after resubscribing", () -> calls.get() > before);
            assertThat(flags(redis)).contains("K", "$");

            int afterReconnect = calls.get();
            ConfigStore store = new ConfigStore(connection);
            long version = store.read().version(); // a pooled connection to the old process fails once
            store.apply(version, List.of(new ConfigChange.Put("pool:mx", "pool mx mx1.example.com")));
            Await.until("the new server's notification arrived", () -> calls.get() > afterReconnect);
        }
    }

    @Test
    void aHungServerIsDetectedAndTheSubscriptionRenewed() {
        AtomicInteger calls = new AtomicInteger();
        try (RedisConnection connection = RedisConnection.open(redis.settings().withTimeout(Duration.ofMillis(300)));
                ConfigWatcher watcher =
                        ConfigWatcher.start(connection, Duration.ofMillis(200), calls::incrementAndGet)) {
            Await.until("subscribed", () -> watcher.subscriptionCount() == 1);
            redis.suspend();
            try {
                Await.until(
                        "the silent subscription was dropped",
                        () -> watcher.subscribedNode().isEmpty());
            } finally {
                redis.resume();
            }
            Await.until("subscribed again", () -> watcher.subscriptionCount() >= 2);
            assertThat(watcher.subscribedNode()).contains(HostPort.parse(redis.hostAndPort(), 0));
        }
    }

    @Test
    void startsWhileRedisIsDownAndReloadsWhenItComesUp() {
        redis.stop();
        AtomicInteger calls = new AtomicInteger();
        try (RedisConnection connection = RedisConnection.open(redis.settings());
                ConfigWatcher watcher =
                        ConfigWatcher.start(connection, Duration.ofMillis(200), calls::incrementAndGet)) {
            assertThat(watcher.subscribed()).isFalse();
            redis.start();
            Await.until("subscribed once Redis is up", () -> watcher.subscribed() && calls.get() >= 1);
        }
    }

    private static String flags(RedisServer server) {
        return server.redisCli("CONFIG", "GET", "notify-keyspace-events")
                .lines()
                .skip(1)
                .findFirst()
                .orElse("");
    }
}
