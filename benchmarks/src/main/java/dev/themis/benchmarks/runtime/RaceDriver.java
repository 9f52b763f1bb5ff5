package dev.themis.benchmarks.runtime;

import dev.themis.runtime.Decision;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.RuntimeSettings;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.ThemisRuntime;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.redis.RedisSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Over-admission under a race: 8 threads in each of 2 runtimes against a {@code 3:10} limit on one
 * object for a minute. Every admitted message's decision time is recorded; the driver then slides
 * a 10-second window over them and reports the largest count seen in any window (the goal: 3) and
 * the number of admissions beyond the limit (the goal: 0). It replaces the stored configuration.
 *
 * <pre>
 * # a throw-away 3-master cluster (or a standalone server: --redis redis://127.0.0.1:6390)
 * for p in 7101 7102 7103; do mkdir -p /tmp/rc/$p; redis-server --port $p --cluster-enabled yes \
 *     --cluster-config-file /tmp/rc/$p/nodes.conf --dir /tmp/rc/$p --save '' --appendonly no --daemonize yes; done
 * redis-cli --cluster create 127.0.0.1:7101 127.0.0.1:7102 127.0.0.1:7103 --cluster-yes
 * java -cp benchmarks/target/benchmarks.jar dev.themis.benchmarks.runtime.RaceDriver \
 *     --redis redis-cluster://127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103 --seconds 60
 * </pre>
 */
public final class RaceDriver {
    private RaceDriver() {}

    /** The system clock, remembering per thread the last instant it gave. */
    static final class RecordingClock extends Clock {
        private final ThreadLocal<long[]> last = ThreadLocal.withInitial(() -> new long[1]);

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            java.time.Instant now = java.time.Instant.now();
            last.get()[0] = now.toEpochMilli();
            return now;
        }

        long lastOnThisThread() {
            return last.get()[0];
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Drivers.arguments(args);
        RedisSettings redis = RedisSettings.parse(a.getOrDefault("redis", "redis://127.0.0.1:6379"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "8"));
        long limit = 3;
        long windowMillis = 10_000;
        try (RedisConnection admin = RedisConnection.open(redis)) {
            Drivers.push(
                    admin,
                    "policy per_ip Source any Destination any JailBy SenderIP JailSpec 100000:10 JailAction defer Priority 1\n"
                            + "policy race Source any Destination any JailBy Sender JailSpec 3:10 JailAction defer Priority 2\n");
        }
        RecordingClock clock = new RecordingClock();
        RuntimeSettings settings = new RuntimeSettings(
                new StoreSettings.Redis(redis), Verdict.TEMPFAIL, Duration.ofSeconds(1), clock, RuntimeListener.NONE);
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
        ConcurrentLinkedQueue<Long> admitted = new ConcurrentLinkedQueue<>();
        LongAdder refused = new LongAdder();
        LongAdder failures = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        try (ThemisRuntime one = ThemisRuntime.start(settings);
                ThemisRuntime two = ThemisRuntime.start(settings)) {
            List<Thread> workers = new ArrayList<>();
            for (ThemisRuntime runtime : List.of(one, two)) {
                for (int t = 0; t < threads; t++) {
                    workers.add(Thread.ofPlatform().start(() -> {
                        while (!stop.get()) {
                            Decision d = runtime.decide(message);
                            if (d.verdict() == Verdict.ACCEPT) {
                                // the time the runtime decided with (and the script recorded)
                                admitted.add(clock.lastOnThisThread());
                            } else if (d.detail().contains("onFailure")) {
                                failures.increment();
                            } else {
                                refused.increment();
                            }
                        }
                    }));
                }
            }
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
        }
        List<Long> times = new ArrayList<>(admitted);
        times.sort(null);
        int worst = 0;
        long over = 0;
        int lo = 0;
        for (int hi = 0; hi < times.size(); hi++) {
            while (times.get(hi) - times.get(lo) >= windowMillis) {
                lo++;
            }
            worst = Math.max(worst, hi - lo + 1);
            if (hi - lo + 1 > limit) {
                over++;
            }
        }
        long decisions = times.size() + refused.sum() + failures.sum();
        if (a.containsKey("verbose")) {
            long first = times.isEmpty() ? 0 : times.getFirst();
            System.out.println("admitted at (ms after the first): "
                    + times.stream().map(t -> t - first).toList());
        }
        System.out.printf(
                "%d s, 2 runtimes x %d threads, limit %d:%d: %d decisions, %d admitted, %d refused, %d failure decisions%n",
                seconds, threads, limit, windowMillis / 1000, decisions, times.size(), refused.sum(), failures.sum());
        System.out.printf(
                "largest count in any 10 s window (decision times): %d; admissions over the limit: %d; ideal admitted: %d%n",
                worst, over, (seconds * 1000L / windowMillis + 1) * limit);
    }
}
