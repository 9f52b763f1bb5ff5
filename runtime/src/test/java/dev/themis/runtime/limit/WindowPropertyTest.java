package dev.themis.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * Property test of the window arithmetic: random messages (random times, weights, policies, objects,
 * actions) go through a limiter and through a naive model that keeps every admitted unit; both must
 * agree on every result, and the admitted units of every (policy, object) must respect every
 * condition in every window. Set {@code -Dthemis.seed=N} to replay a run; the seed is printed.
 */
class WindowPropertyTest {
    @RegisterExtension
    static final RedisServer server = RedisServer.create();

    private static RedisClient client;

    @BeforeAll
    static void start() {
        client = RedisClient.builder().hostAndPort(server.host(), server.port()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    static long seed() {
        String fixed = System.getProperty("themis.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println("WindowPropertyTest seed=" + seed + " (replay with -Dthemis.seed=" + seed + ")");
        return seed;
    }

    @Test
    void memoryLimiterMatchesTheModel() {
        long seed = seed();
        for (int run = 0; run < 20; run++) {
            check(new MemoryLimiter(), seed + run, 400);
        }
    }

    @Test
    void redisLimiterMatchesTheModel() {
        long seed = seed();
        for (int run = 0; run < 3; run++) {
            client.flushAll();
            check(new RedisLimiter(client, "themis:", 86_400), seed + run, 300);
        }
    }

    @Test
    void redisLimiterInBatchesMatchesTheModel() {
        long seed = seed();
        for (int run = 0; run < 3; run++) {
            client.flushAll();
            try (RedisLimiter limiter = new RedisLimiter(client, "themis:", 86_400)) {
                Random sizes = new Random(seed + run);
                // one script call per batch of 1..12 messages, answered as if each had its own
                check(messages -> limiter.acquireBatch(messages), () -> 1 + sizes.nextInt(12), seed + run, 300);
            }
        }
    }

    /** The model: every admitted unit per (policy, object), never trimmed. */
    private static final class Model {
        final Map<String, List<Long>> units = new HashMap<>();
        final Map<String, Long> blockedUntil = new HashMap<>();

        List<StepResult> acquire(List<CounterStep> steps, long now) {
            List<StepResult> out = new ArrayList<>();
            List<CounterStep> admitted = new ArrayList<>();
            boolean refused = false;
            for (CounterStep s : steps) {
                String key = s.policy() + "/" + s.object();
                List<Long> log = units.getOrDefault(key, List.of());
                Long until = s.customBlockMillis() > 0 ? blockedUntil.get(key) : null;
                if (until != null && until > now) {
                    out.add(new StepResult.CustomBlocked(usages(s, log, now, 0), until - now));
                    refused = s.refusesOnLimit();
                    break;
                }
                long wait = 0;
                boolean exceeded = false;
                for (LimitCondition c : s.conditions()) {
                    List<Long> inWindow = new ArrayList<>();
                    for (long t : log) {
                        if (t > now - c.windowMillis()) {
                            inWindow.add(t);
                        }
                    }
                    inWindow.sort(null);
                    long excess = inWindow.size() + s.weight() - c.limit();
                    if (excess > 0) {
                        exceeded = true;
                        long w = s.weight() > c.limit()
                                ? c.windowMillis()
                                : inWindow.get((int) excess - 1) + c.windowMillis() - now;
                        wait = Math.max(wait, w);
                    }
                }
                if (exceeded) {
                    if (s.customBlockMillis() > 0) {
                        blockedUntil.put(key, now + s.customBlockMillis());
                        wait = Math.max(wait, s.customBlockMillis());
                    }
                    out.add(new StepResult.Exceeded(usages(s, log, now, 0), wait));
                    refused = s.refusesOnLimit();
                    break;
                }
                out.add(new StepResult.Admitted(usages(s, log, now, s.weight())));
                admitted.add(s);
            }
            if (!refused) {
                for (CounterStep s : admitted) {
                    List<Long> log = units.computeIfAbsent(s.policy() + "/" + s.object(), k -> new ArrayList<>());
                    for (int i = 0; i < s.weight(); i++) {
                        log.add(now);
                    }
                }
            }
            return out;
        }

        static List<Usage> usages(CounterStep s, List<Long> log, long now, int added) {
            List<Usage> out = new ArrayList<>();
            for (LimitCondition c : s.conditions()) {
                long n = log.stream().filter(t -> t > now - c.windowMillis()).count();
                out.add(new Usage(c, n + added));
            }
            return out;
        }

        /** No window of any condition ever holds more than its limit. */
        void assertNoOverAdmission(Map<String, List<LimitCondition>> conditionsByKey) {
            conditionsByKey.forEach((key, conditions) -> {
                List<Long> log = new ArrayList<>(units.getOrDefault(key, List.of()));
                log.sort(null);
                for (LimitCondition c : conditions) {
                    int lo = 0;
                    for (int hi = 0; hi < log.size(); hi++) {
                        while (log.get(hi) - log.get(lo) >= c.windowMillis()) {
                            lo++;
                        }
                        assertThat(hi - lo + 1L)
                                .as("units of %s in one %s window", key, c)
                                .isLessThanOrEqualTo(c.limit());
                    }
                }
            });
        }
    }

    private static void check(Limiter limiter, long seed, int messages) {
        check(batch -> batch.stream().map(limiter::acquire).toList(), () -> 1, seed, messages);
    }

    /**
     * @param limiter answers a batch of messages in order
     * @param batchSizes draws the size of each batch (always 1 for a limiter called per message)
     */
    private static void check(
            Function<List<LimitRequest>, List<LimitOutcome>> limiter, IntSupplier batchSizes, long seed, int messages) {
        Random random = new Random(seed);
        Model model = new Model();
        String[] policies = {"a", "b", "c"};
        String[] objects = {"x@example.com", "y@example.com", "10.1.2.3"};
        Map<String, List<LimitCondition>> specs = new HashMap<>();
        Map<String, Boolean> refusing = new HashMap<>();
        Map<String, Long> blocks = new HashMap<>();
        for (String p : policies) {
            List<LimitCondition> cs = new ArrayList<>();
            int n = 1 + random.nextInt(2);
            for (int i = 0; i < n; i++) {
                cs.add(new LimitCondition(1 + random.nextInt(6), 1 + random.nextInt(20_000)));
            }
            specs.put(p, cs);
            refusing.put(p, random.nextInt(4) != 0);
            blocks.put(p, random.nextInt(5) == 0 ? (long) random.nextInt(30_000) : 0L);
        }
        Map<String, List<LimitCondition>> byKey = new HashMap<>();
        long now = 1_800_000_000_000L;
        List<LimitRequest> requests = new ArrayList<>();
        for (int m = 0; m < messages; m++) {
            now += random.nextInt(10) == 0 ? random.nextInt(15_000) : random.nextInt(800);
            List<CounterStep> steps = new ArrayList<>();
            for (String p : policies) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                String object = objects[random.nextInt(objects.length)];
                int weight = random.nextInt(8) == 0 ? 1 + random.nextInt(4) : 1;
                steps.add(new CounterStep(
                        p,
                        object,
                        specs.getOrDefault(p, List.of()),
                        weight,
                        refusing.getOrDefault(p, true),
                        blocks.getOrDefault(p, 0L)));
                byKey.put(p + "/" + object, specs.getOrDefault(p, List.of()));
            }
            requests.add(LimitRequest.of(steps, now));
        }
        int m = 0;
        while (m < requests.size()) {
            int size = Math.min(requests.size() - m, batchSizes.getAsInt());
            List<LimitRequest> batch = requests.subList(m, m + size);
            List<LimitOutcome> actual = limiter.apply(batch);
            assertThat(actual).hasSize(size);
            // a batch is checked at its latest time, its messages one after the other
            long at = batch.stream().mapToLong(LimitRequest::nowMillis).max().orElseThrow();
            for (int i = 0; i < size; i++) {
                LimitRequest r = batch.get(i);
                List<StepResult> expected = model.acquire(r.steps(), at);
                assertThat(actual.get(i).results())
                        .as("seed %d, message %d at %d, steps %s", seed, m + i, at, r.steps())
                        .isEqualTo(expected);
            }
            m += size;
        }
        model.assertNoOverAdmission(byKey);
    }
}
