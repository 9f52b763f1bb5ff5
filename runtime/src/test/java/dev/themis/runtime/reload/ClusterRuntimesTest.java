package dev.themis.runtime.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.Decision;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.RuntimeSettings;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.ThemisRuntime;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.testing.RedisClusterNodes;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two runtimes on a real three-master Cluster share one limit: 8 threads in each race against
 * {@code 3:10} on one object for two seconds; exactly 3 messages may pass. The sender and the
 * client IP live in different slots, so the multi-slot path (reserve, then release) races too. The
 * one-minute version is {@code dev.themis.benchmarks.runtime.RaceDriver}.
 */
class ClusterRuntimesTest {
    @RegisterExtension
    static final RedisClusterNodes cluster = RedisClusterNodes.create();

    @Test
    void limitsHoldAcrossTwoRuntimes() throws Exception {
        try (RedisConnection c = RedisConnection.open(cluster.settings())) {
            new ConfigStore(c)
                    .replaceAll(
                            StoredConfig.statements(
                                    "policy per_ip Source any Destination any JailBy SenderIP JailSpec 1000:10 JailAction defer Priority 1\n"
                                            + "policy race Source any Destination any JailBy Sender JailSpec 3:10 JailAction defer Priority 2\n"));
        }
        RuntimeSettings settings = new RuntimeSettings(
                new StoreSettings.Redis(cluster.settings()),
                Verdict.TEMPFAIL,
                Duration.ofSeconds(1),
                Clock.systemUTC(),
                RuntimeListener.NONE);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        MessageFacts message = new MessageFacts(
                null,
                "mx1.example.net",
                InetAddress.getByName("198.51.100.77"),
                "client.example",
                "racer@example.com",
                List.of("rcpt@example.org"),
                null,
                List.of(),
                false);
        try (ThemisRuntime one = ThemisRuntime.start(settings);
                ThemisRuntime two = ThemisRuntime.start(settings)) {
            assertThat(one.status().configVersion()).isPositive();
            assertThat(two.status().configVersion()).isPositive();
            List<Thread> threads = new ArrayList<>();
            for (ThemisRuntime runtime : List.of(one, two)) {
                for (int t = 0; t < 8; t++) {
                    threads.add(Thread.ofPlatform().start(() -> {
                        while (!stop.get()) {
                            Decision d = runtime.decide(message);
                            switch (d.verdict()) {
                                case ACCEPT -> accepted.incrementAndGet();
                                case TEMPFAIL -> {
                                    if (d.detail().contains("onFailure")) {
                                        failed.incrementAndGet();
                                    } else {
                                        refused.incrementAndGet();
                                    }
                                }
                                default -> failed.incrementAndGet();
                            }
                        }
                    }));
                }
            }
            Thread.sleep(2000);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertThat(failed.get()).isZero();
        assertThat(refused.get()).isPositive();
        assertThat(accepted.get()).as("admitted in one 10 s window").isEqualTo(3);
    }
}
