package dev.themis.runtime.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.Decision;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.RuntimeSettings;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.ThemisRuntime;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.config.ConfigChange;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.testing.RedisServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** ThemisRuntime in Redis mode against a real redis-server: load, hot reload, failure rule. */
class RedisRuntimeTest {
    @RegisterExtension
    final RedisServer redis = RedisServer.create();

    private RedisClient admin;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final RuntimeListener listener = new RuntimeListener() {
        @Override
        public void storeFailed(Exception cause, boolean outageStarted) {
            if (outageStarted) {
                events.add("outage");
            }
        }

        @Override
        public void storeRecovered(Duration outage) {
            events.add("recovered");
        }

        @Override
        public void reloaded(long version, Duration took, @Nullable String error) {
            events.add("reload " + version + (error == null ? " ok" : " error"));
        }
    };

    @BeforeEach
    void connect() {
        admin = RedisClient.builder().hostAndPort(redis.host(), redis.port()).build();
    }

    @AfterEach
    void disconnect() {
        admin.close();
    }

    private ThemisRuntime start(Verdict onFailure) {
        return ThemisRuntime.start(new RuntimeSettings(
                new StoreSettings.Redis(redis.settings()),
                onFailure,
                Duration.ofMillis(200),
                Clock.systemUTC(),
                listener));
    }

    static MessageFacts message(String sender) throws Exception {
        return new MessageFacts(
                null,
                "mx1.example.net",
                InetAddress.getByName("192.0.2.1"),
                "client.example",
                sender,
                List.of("rcpt@example.org"),
                null,
                List.of(),
                false);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void loadsTheStoredConfigurationAndCountsInRedis() throws Exception {
        long v = StoredConfig.push(
                admin, "policy limit Source any Destination any JailBy Sender JailSpec 2:600 JailAction block\n");
        try (ThemisRuntime runtime = start(Verdict.ACCEPT)) {
            assertThat(runtime.status().mode()).isEqualTo("redis");
            assertThat(runtime.status().configVersion()).isEqualTo(v);
            assertThat(runtime.decide(message("a@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(runtime.decide(message("a@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);
            Decision third = runtime.decide(message("a@example.com"));
            assertThat(third.verdict()).isEqualTo(Verdict.REJECT);
            assertThat(third.configVersion()).isEqualTo(v);
            assertThat(admin.zcard("themis:{o:a@example.com}:rl:limit")).isEqualTo(2);
        }
    }

    @Test
    void aChangeIsSwappedInAndABrokenOneKeepsTheOldSnapshot() throws Exception {
        StoredConfig.push(
                admin, "policy limit Source any Destination any JailBy Sender JailSpec 1:600 JailAction block\n");
        try (ThemisRuntime runtime = start(Verdict.ACCEPT)) {
            runtime.decide(message("b@example.com"));
            assertThat(runtime.decide(message("b@example.com")).verdict()).isEqualTo(Verdict.REJECT);
            long v2 = StoredConfig.push(
                    admin, "policy limit Source any Destination any JailBy Sender JailSpec 3:600 JailAction block\n");
            await(() -> runtime.status().configVersion() == v2, "version " + v2);
            assertThat(runtime.decide(message("b@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);

            // a statement that parses alone but not with the rest: unknown group
            ConfigStore store = new ConfigStore(admin, "themis:");
            long v3 = store.apply(
                    v2,
                    List.of(new ConfigChange.Put(
                            "policy:limit",
                            "policy limit Source nowhere Destination any JailBy Sender JailSpec 3:600\n")));
            await(() -> runtime.status().lastReloadError() != null, "the reload error");
            assertThat(runtime.status().configVersion()).isEqualTo(v2);
            assertThat(runtime.status().lastReloadError()).contains("nowhere");
            await(() -> events.contains("reload " + v3 + " error"), "the listener");
            assertThat(runtime.decide(message("b@example.com")).configVersion()).isEqualTo(v2);
        }
    }

    @Test
    void redisDownMeansTheFailureRuleAndLimitsComeBackWithIt() throws Exception {
        long v1 = StoredConfig.push(
                admin, "policy limit Source any Destination any JailBy Sender JailSpec 1:600 JailAction defer\n");
        try (ThemisRuntime runtime = start(Verdict.TEMPFAIL)) {
            assertThat(runtime.decide(message("c@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);
            redis.stop();
            Decision down = runtime.decide(message("d@example.com"));
            assertThat(down.verdict()).isEqualTo(Verdict.TEMPFAIL);
            assertThat(down.detail()).contains("onFailure tempfail");
            runtime.decide(message("d@example.com"));
            assertThat(runtime.status().storeUp()).isFalse();
            assertThat(events.stream().filter("outage"::equals)).hasSize(1);

            redis.start();
            // an empty Redis (nothing persisted): the runtime keeps its snapshot and counts again
            await(() -> runtime.decide(safe("e@example.com")).verdict() == Verdict.ACCEPT, "redis back");
            assertThat(runtime.status().storeUp()).isTrue();
            assertThat(events).contains("recovered");
            // several polls of the empty store later, the last good configuration is still enforced
            Thread.sleep(1_000);
            assertThat(runtime.status().configVersion()).isEqualTo(v1);
            assertThat(runtime.decide(message("e@example.com")).verdict()).isEqualTo(Verdict.TEMPFAIL);
            assertThat(runtime.decide(message("e@example.com")).detail()).contains("limit exceeded");
        }
    }

    @Test
    void startsWhileRedisIsDownAndLoadsWhenItAnswers() throws Exception {
        redis.stop();
        try (ThemisRuntime runtime = start(Verdict.TEMPFAIL)) {
            Decision d = runtime.decide(message("f@example.com"));
            assertThat(d.verdict()).isEqualTo(Verdict.TEMPFAIL);
            assertThat(d.detail()).contains("not loaded");
            redis.start();
            try (RedisClient again = RedisClient.builder()
                    .hostAndPort(redis.host(), redis.port())
                    .build()) {
                long v = StoredConfig.push(
                        again,
                        "policy limit Source any Destination any JailBy Sender JailSpec 1:600 JailAction block\n");
                await(() -> runtime.status().configVersion() == v, "the first load");
            }
            Decision first = runtime.decide(message("f@example.com"));
            assertThat(first.verdict()).as(first.toString()).isEqualTo(Verdict.ACCEPT);
            assertThat(runtime.decide(message("f@example.com")).verdict()).isEqualTo(Verdict.REJECT);
        }
    }

    private static MessageFacts safe(String sender) {
        try {
            return message(sender);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
