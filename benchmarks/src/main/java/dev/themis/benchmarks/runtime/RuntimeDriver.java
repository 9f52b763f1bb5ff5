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
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decisions per second through {@code ThemisRuntime} alone (no milter) with 20 policies against a
 * Redis, and Redis commands per message from {@code INFO commandstats}. It replaces the stored
 * configuration of the Redis it is given: use a throw-away server.
 *
 * <pre>
 * redis-server --port 6390 --save '' --appendonly no &amp;
 * ./mvnw -B -q package -pl benchmarks -am -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.themis.benchmarks.runtime.RuntimeDriver \
 *     --redis redis://127.0.0.1:6390 --threads 16 --seconds 30 --objects 10000
 * </pre>
 *
 * With {@code --redis embedded} it measures the in-memory store of embedded mode instead.
 */
public final class RuntimeDriver {
    private RuntimeDriver() {}

    /** 20 policies: bypass, group and negated sources, every JailBy, multi-condition specs. */
    static String policies() {
        StringBuilder sb = new StringBuilder();
        sb.append("group partners 198.51.100.0/24 @partner.example\n");
        sb.append("group ours @example.org @example.net\n");
        sb.append("group customers @customers.example\n");
        sb.append("group lan 10.0.0.0/8\n");
        sb.append("policy a_partners Source partners Destination any Type bypass Priority 1\n");
        String[] jailBy = {"Sender", "SenderIP", "SenderDomain", "Sender+", "SenderDomain+", "SASLUsername"};
        String[] sources = {"any", "!partners", "customers", "lan", "!lan"};
        for (int i = 1; i < 20; i++) {
            sb.append("policy p")
                    .append(i < 10 ? "0" : "")
                    .append(i)
                    .append(" Source ")
                    .append(sources[i % sources.length])
                    .append(" Destination ")
                    .append(i % 3 == 0 ? "ours" : "any")
                    .append(" JailBy ")
                    .append(jailBy[i % jailBy.length])
                    .append(" JailSpec ")
                    .append(1000 + i)
                    .append(":60;")
                    .append(50_000 + i)
                    .append(":3600 JailAction ")
                    .append(i % 2 == 0 ? "defer" : "monitor")
                    .append(" Priority ")
                    .append(2 + i % 7)
                    .append('\n');
        }
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Drivers.arguments(args);
        String url = a.getOrDefault("redis", "redis://127.0.0.1:6379");
        int threads = Integer.parseInt(a.getOrDefault("threads", "16"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int objects = Integer.parseInt(a.getOrDefault("objects", "10000"));
        StoreSettings store;
        RedisConnection admin = null;
        if (url.equals("embedded")) {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("driver", ".tms");
            java.nio.file.Files.writeString(f, policies());
            store = new StoreSettings.Embedded(List.of(f));
        } else {
            RedisSettings settings = RedisSettings.parse(url);
            admin = RedisConnection.open(settings);
            Drivers.push(admin, policies());
            store = new StoreSettings.Redis(settings);
        }
        RuntimeSettings settings = new RuntimeSettings(
                store, Verdict.ACCEPT, Duration.ofSeconds(1), Clock.systemUTC(), RuntimeListener.NONE);
        try (ThemisRuntime runtime = ThemisRuntime.start(settings)) {
            System.out.printf(
                    "runtime %s, config version %d, %d policies, %d threads, %d objects, %d s%n",
                    runtime.status().mode(),
                    runtime.status().configVersion(),
                    runtime.status().policies(),
                    threads,
                    objects,
                    seconds);
            run(runtime, threads, 3, objects); // warm-up
            Map<String, Long> before = admin == null ? Map.of() : Drivers.commandStats(admin);
            Result r = run(runtime, threads, seconds, objects);
            Map<String, Long> after = admin == null ? Map.of() : Drivers.commandStats(admin);
            System.out.printf(
                    "decisions: %d in %d s = %.0f per second; verdicts %s%n",
                    r.total, seconds, r.total / (double) seconds, r.verdicts);
            if (admin != null) {
                Map<String, Long> d = Drivers.delta(before, after);
                long client =
                        d.getOrDefault("evalsha", 0L) + d.getOrDefault("hincrby", 0L) + d.getOrDefault("expireat", 0L);
                long all = d.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf(
                        "redis commands per message: %.2f sent by the client (evalsha %.2f), %.2f counting the ones the script runs%n",
                        client / (double) r.total,
                        d.getOrDefault("evalsha", 0L) / (double) r.total,
                        all / (double) r.total);
                System.out.println("commandstats delta: " + d);
                admin.close();
            }
        }
    }

    record Result(long total, Map<Verdict, Long> verdicts) {}

    static Result run(ThemisRuntime runtime, int threads, int seconds, int objects) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Map<Verdict, LongAdder> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, new LongAdder());
        }
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    Decision d = runtime.decide(message(random, objects));
                    counts.computeIfAbsent(d.verdict(), v -> new LongAdder()).increment();
                }
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        Map<Verdict, Long> out = new EnumMap<>(Verdict.class);
        long total = 0;
        for (Map.Entry<Verdict, LongAdder> e : counts.entrySet()) {
            out.put(e.getKey(), e.getValue().sum());
            total += e.getValue().sum();
        }
        return new Result(total, out);
    }

    static MessageFacts message(ThreadLocalRandom random, int objects) {
        int o = random.nextInt(objects);
        // one object in ten is a customer, one in fifty a partner (bypass); the rest spread over
        // 1,000 sender domains
        String domain =
                o % 10 == 1 ? "customers.example" : o % 50 == 3 ? "partner.example" : "d" + (o % 1000) + ".example";
        String sender = "u" + o + "@" + domain;
        byte[] ip = o % 5 == 0
                ? new byte[] {10, (byte) (o >> 8), (byte) o, 1}
                : new byte[] {(byte) 203, 0, (byte) (o >> 8), (byte) o};
        try {
            return new MessageFacts(
                    null,
                    "mx1.example.net",
                    InetAddress.getByAddress(ip),
                    "client.example",
                    sender,
                    List.of(o % 3 == 0 ? "r@example.org" : "r@elsewhere.example"),
                    o % 4 == 1 ? "login" + o : null,
                    List.of(),
                    false);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
