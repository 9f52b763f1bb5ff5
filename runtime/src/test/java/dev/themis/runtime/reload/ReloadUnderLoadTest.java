package dev.themis.runtime.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.Decision;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.RuntimeSettings;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.ThemisRuntime;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.testing.RedisServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * Hot reload under load: while four threads decide messages, the configuration changes 20 times.
 * Every configuration generation {@code g} writes {@code g} into both of its policies; a decision
 * that counted one policy of one generation and the other of another would be a mixture. Every
 * message that starts after a swap must see that version or a newer one. The change-to-swap
 * latency (push returned → snapshot swapped) is printed.
 */
class ReloadUnderLoadTest {
    @RegisterExtension
    final RedisServer redis = RedisServer.create();

    record Seen(long startedNanos, Decision decision) {}

    static String config(int generation) {
        return "policy p1 Source any Destination any JailBy Sender JailSpec " + (1000 + generation)
                + ":3600 JailAction monitor Priority 1\n"
                + "policy p2 Source any Destination any JailBy SenderIP JailSpec " + (2000 + generation)
                + ":3600 JailAction monitor Priority 2\n";
    }

    @Test
    void noMessageSeesAMixtureAndEveryMessageAfterASwapSeesTheNewVersion() throws Exception {
        Map<Long, Long> swappedAt = new ConcurrentHashMap<>();
        RuntimeListener listener = new RuntimeListener() {
            @Override
            public void reloaded(long version, Duration took, @Nullable String error) {
                if (error == null) {
                    swappedAt.put(version, System.nanoTime());
                }
            }
        };
        Map<Long, Integer> generationOf = new ConcurrentHashMap<>();
        List<Long> latenciesMicros = new ArrayList<>();
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sequence = new AtomicLong();
        try (RedisClient admin =
                RedisClient.builder().hostAndPort(redis.host(), redis.port()).build()) {
            generationOf.put(StoredConfig.push(admin, config(0)), 0);
            try (ThemisRuntime runtime = ThemisRuntime.start(new RuntimeSettings(
                    new StoreSettings.Redis(redis.settings()),
                    Verdict.ACCEPT,
                    Duration.ofMillis(500),
                    Clock.systemUTC(),
                    listener))) {
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    workers.add(Thread.ofPlatform().start(() -> {
                        while (!stop.get()) {
                            long n = sequence.incrementAndGet();
                            long started = System.nanoTime();
                            Decision d = runtime.decide(message(n));
                            seen.add(new Seen(started, d));
                        }
                    }));
                }
                for (int g = 1; g <= 20; g++) {
                    long pushedAt = System.nanoTime();
                    long version = StoredConfig.push(admin, config(g));
                    generationOf.put(version, g);
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (!swappedAt.containsKey(version) && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    assertThat(swappedAt).as("version %d swapped in", version).containsKey(version);
                    latenciesMicros.add((swappedAt.getOrDefault(version, pushedAt) - pushedAt) / 1000);
                    Thread.sleep(20);
                }
                stop.set(true);
                for (Thread w : workers) {
                    w.join();
                }
            }
        }
        assertThat(seen).hasSizeGreaterThan(100);
        for (Seen s : seen) {
            Decision d = s.decision();
            assertThat(generationOf).as("known version in %s", d).containsKey(d.configVersion());
            int g = generationOf.getOrDefault(d.configVersion(), -1);
            assertThat(d.detail())
                    .as("one generation in %s", d)
                    .contains("/" + (1000 + g) + ":3600")
                    .contains("/" + (2000 + g) + ":3600");
            for (Map.Entry<Long, Long> swap : swappedAt.entrySet()) {
                if (s.startedNanos() > swap.getValue()) {
                    assertThat(d.configVersion())
                            .as("message started after version %d was swapped in", swap.getKey())
                            .isGreaterThanOrEqualTo(swap.getKey());
                }
            }
        }
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        sorted.sort(null);
        System.out.println("change-to-swap latency (push returned -> snapshot swapped), microseconds: min="
                + sorted.getFirst() + " median=" + sorted.get(sorted.size() / 2) + " max=" + sorted.getLast()
                + " over " + sorted.size() + " changes; " + seen.size() + " decisions during the run");
    }

    static MessageFacts message(long n) {
        try {
            return new MessageFacts(
                    null,
                    "mx1.example.net",
                    InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}),
                    "client.example",
                    "s" + n + "@example.com",
                    List.of("rcpt@example.org"),
                    null,
                    List.of(),
                    false);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
