package dev.themis.runtime.limit;

import dev.themis.runtime.monitor.RedisTrafficMonitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Redis {@link Limiter}: every message costs one {@code EVALSHA} of {@code acquire.lua} in
 * standalone Redis (checks, updates and metadata lookups of all steps in one atomic script).
 *
 * <p>In a Cluster, steps are grouped by hash slot (one object's keys share a slot). When every step
 * falls in one slot the message costs one call, as in standalone Redis. Otherwise one call per slot
 * is sent together in a pipeline, in {@code reserve} mode: each slot records what it admitted before
 * its first terminal step. The caller then combines the slots in step order and, in a second
 * pipelined batch, releases (ZREM) the reservations that must not count: steps after the deciding
 * one, and every step when the deciding one refuses the message. Reservations can make a racing
 * message see a tighter limit for one round trip; they never let one through that would exceed it.
 */
public final class RedisLimiter implements Limiter {
    private static final String SCRIPT = loadScript();
    private static final int CODE_EXCEEDED = 1;
    private static final int CODE_BLOCKED = 2;
    private static final int CODE_BYPASS = 3;
    private static final int CODE_MANUAL = 4;

    private final UnifiedJedis jedis;
    private final CounterKeys keys;
    private volatile long metadataTtlSeconds;
    private final boolean cluster;
    private final String instance = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final AtomicLong sequence = new AtomicLong();
    private volatile String sha;

    /**
     * @param jedis a connected client (standalone, Sentinel or Cluster); its timeouts are the
     *     deadlines of every call; the caller owns and closes it
     * @param keyPrefix the key prefix (default {@code themis:})
     * @param metadataTtlSeconds global_ttl for metadata this limiter creates
     */
    public RedisLimiter(UnifiedJedis jedis, String keyPrefix, long metadataTtlSeconds) {
        this.jedis = Objects.requireNonNull(jedis, "jedis");
        this.keys = new CounterKeys(keyPrefix);
        this.metadataTtlSeconds = metadataTtlSeconds;
        this.cluster = jedis instanceof RedisClusterClient;
        this.sha = scriptSha();
    }

    /** Sets global_ttl for metadata this limiter creates (after a reload changed the feature). */
    public void metadataTtlSeconds(long seconds) {
        this.metadataTtlSeconds = seconds;
    }

    /** The script text, for tools that load it themselves. */
    public static String script() {
        return SCRIPT;
    }

    @Override
    public LimitOutcome acquire(LimitRequest request) {
        List<CounterStep> steps = request.steps();
        String token = instance + "." + Long.toHexString(sequence.incrementAndGet());
        try {
            if (steps.isEmpty()) {
                if (!request.monitorUpdates().isEmpty()) {
                    try (AbstractPipeline p = jedis.pipelined()) {
                        RedisTrafficMonitor.appendTo(p, request.monitorUpdates());
                        p.sync();
                    }
                }
                return new LimitOutcome(List.of());
            }
            if (!cluster) {
                return single(request, allIndexes(steps.size()), token);
            }
            Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                CounterStep s = steps.get(i);
                int slot = JedisClusterCRC16.getSlot(keys.counter(s.policy(), s.object()));
                bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(i);
            }
            if (bySlot.size() == 1) {
                return single(request, allIndexes(steps.size()), token);
            }
            return multiSlot(request, bySlot, token);
        } catch (JedisException e) {
            throw new StoreUnavailableException("redis: " + e.getMessage(), e);
        }
    }

    private static List<Integer> allIndexes(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private LimitOutcome single(LimitRequest request, List<Integer> indexes, String token) {
        List<CounterStep> steps = request.steps();
        List<String> k = scriptKeys(steps, indexes);
        List<String> a = scriptArgs(
                steps, indexes, request.nowMillis(), request.refusedAfterSteps() ? "refuse" : "commit", token);
        Object reply;
        try {
            if (request.monitorUpdates().isEmpty()) {
                reply = jedis.evalsha(sha, k, a);
            } else {
                // one round trip: the script, then the monitoring counters
                Response<Object> r;
                try (AbstractPipeline p = jedis.pipelined()) {
                    r = p.evalsha(sha, k, a);
                    RedisTrafficMonitor.appendTo(p, request.monitorUpdates());
                    p.sync();
                }
                reply = r.get();
            }
        } catch (JedisDataException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            sha = load(k.getFirst());
            reply = jedis.evalsha(sha, k, a);
        }
        LocalReply local = parse(reply, indexes);
        return new LimitOutcome(local.results());
    }

    private record LocalReply(List<StepResult> results, List<Integer> indexes) {
        /** Global index of this slot's terminal step, or MAX_VALUE. */
        int terminalGlobal() {
            if (!results.isEmpty() && results.getLast().terminal()) {
                return indexes.get(results.size() - 1);
            }
            return Integer.MAX_VALUE;
        }
    }

    private LimitOutcome multiSlot(LimitRequest request, Map<Integer, List<Integer>> bySlot, String token) {
        List<CounterStep> steps = request.steps();
        long now = request.nowMillis();
        Map<Integer, LocalReply> replies = new HashMap<>();
        Map<Integer, List<Integer>> todo = new LinkedHashMap<>(bySlot);
        for (int attempt = 0; attempt < 2 && !todo.isEmpty(); attempt++) {
            Map<Integer, Response<Object>> responses = new LinkedHashMap<>();
            try (AbstractPipeline p = jedis.pipelined()) {
                for (Map.Entry<Integer, List<Integer>> e : todo.entrySet()) {
                    responses.put(
                            e.getKey(),
                            p.evalsha(
                                    sha,
                                    scriptKeys(steps, e.getValue()),
                                    scriptArgs(steps, e.getValue(), now, "reserve", token)));
                }
                if (attempt == 0) {
                    RedisTrafficMonitor.appendTo(p, request.monitorUpdates());
                }
                p.sync();
            }
            Map<Integer, List<Integer>> retry = new LinkedHashMap<>();
            for (Map.Entry<Integer, Response<Object>> e : responses.entrySet()) {
                List<Integer> idx = Objects.requireNonNull(todo.get(e.getKey()));
                try {
                    replies.put(e.getKey(), parse(e.getValue().get(), idx));
                } catch (JedisDataException ex) {
                    if (!isNoScript(ex) || attempt > 0) {
                        throw ex;
                    }
                    CounterStep first = steps.get(idx.getFirst());
                    sha = load(keys.counter(first.policy(), first.object()));
                    retry.put(e.getKey(), idx);
                }
            }
            todo = retry;
        }

        int terminal = Integer.MAX_VALUE;
        for (LocalReply r : replies.values()) {
            terminal = Math.min(terminal, r.terminalGlobal());
        }
        StepResult[] byIndex = new StepResult[steps.size()];
        for (LocalReply r : replies.values()) {
            for (int j = 0; j < r.results().size(); j++) {
                byIndex[r.indexes().get(j)] = r.results().get(j);
            }
        }
        int last = terminal == Integer.MAX_VALUE ? steps.size() - 1 : terminal;
        boolean refused = request.refusedAfterSteps();
        if (terminal != Integer.MAX_VALUE) {
            CounterStep t = steps.get(terminal);
            StepResult tr = Objects.requireNonNull(byIndex[terminal]);
            refused = tr instanceof StepResult.ManualBlock
                    || ((tr instanceof StepResult.Exceeded || tr instanceof StepResult.CustomBlocked)
                            && t.refusesOnLimit());
            if (tr instanceof StepResult.Exceeded ex && t.customBlockMillis() > 0) {
                byIndex[terminal] =
                        new StepResult.Exceeded(ex.usages(), Math.max(ex.retryMillis(), t.customBlockMillis()));
            }
        }
        try (AbstractPipeline p = jedis.pipelined()) {
            for (int i = 0; i < steps.size(); i++) {
                if (byIndex[i] instanceof StepResult.Admitted && (i > last || refused)) {
                    CounterStep s = steps.get(i);
                    String[] members = new String[s.weight()];
                    for (int n = 1; n <= s.weight(); n++) {
                        members[n - 1] = now + ":" + token + ":" + i + ":" + n;
                    }
                    p.zrem(keys.counter(s.policy(), s.object()), members);
                }
            }
            if (terminal != Integer.MAX_VALUE && byIndex[terminal] instanceof StepResult.Exceeded) {
                CounterStep t = steps.get(terminal);
                if (t.customBlockMillis() > 0) {
                    p.set(
                            keys.block(t.policy(), t.object()),
                            Long.toString(now + t.customBlockMillis()),
                            SetParams.setParams().px(t.customBlockMillis()));
                }
                if (t.refusesOnLimit()) {
                    String meta = keys.metadata(t.object());
                    p.hincrBy(meta, "block_count", 1);
                    p.hset(meta, "last_block", Long.toString(Math.floorDiv(now, 1000)));
                    p.expire(meta, metadataTtlSeconds, redis.clients.jedis.args.ExpiryOption.NX);
                }
            }
            p.sync();
        }
        List<StepResult> results = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            results.add(Objects.requireNonNull(byIndex[i], "step result"));
        }
        return new LimitOutcome(results);
    }

    private List<String> scriptKeys(List<CounterStep> steps, List<Integer> indexes) {
        List<String> out = new ArrayList<>(indexes.size() * 3);
        for (int i : indexes) {
            CounterStep s = steps.get(i);
            out.add(keys.counter(s.policy(), s.object()));
            out.add(keys.block(s.policy(), s.object()));
            out.add(keys.metadata(s.object()));
        }
        return out;
    }

    private List<String> scriptArgs(
            List<CounterStep> steps, List<Integer> indexes, long now, String mode, String token) {
        List<String> out = new ArrayList<>(5 + indexes.size() * 6);
        out.add(Long.toString(now));
        out.add(mode);
        out.add(token);
        out.add(Long.toString(metadataTtlSeconds));
        out.add(Integer.toString(indexes.size()));
        for (int i : indexes) {
            CounterStep s = steps.get(i);
            out.add(Integer.toString(i));
            out.add(s.policy());
            out.add(Integer.toString(s.weight()));
            out.add(s.refusesOnLimit() ? "1" : "0");
            out.add(Long.toString(s.customBlockMillis()));
            StringBuilder c = new StringBuilder();
            for (LimitCondition lc : s.conditions()) {
                if (!c.isEmpty()) {
                    c.append(',');
                }
                c.append(lc.limit()).append(':').append(lc.windowMillis());
            }
            out.add(c.toString());
        }
        return out;
    }

    private static LocalReply parse(Object reply, List<Integer> indexes) {
        if (!(reply instanceof List<?> list) || list.size() < 3) {
            throw new JedisDataException("unexpected script reply: " + reply);
        }
        int terminal = Math.toIntExact(asLong(list.get(0)));
        int code = Math.toIntExact(asLong(list.get(1)));
        long retry = asLong(list.get(2));
        List<StepResult> results = new ArrayList<>();
        for (int j = 3; j < list.size(); j++) {
            int position = j - 2;
            List<Usage> usages = usages(list.get(j));
            if (position == terminal) {
                results.add(
                        switch (code) {
                            case CODE_EXCEEDED -> new StepResult.Exceeded(usages, retry);
                            case CODE_BLOCKED -> new StepResult.CustomBlocked(usages, retry);
                            case CODE_BYPASS -> new StepResult.MetadataBypass();
                            case CODE_MANUAL -> new StepResult.ManualBlock();
                            default -> throw new JedisDataException("unexpected script code " + code);
                        });
            } else {
                results.add(new StepResult.Admitted(usages));
            }
        }
        if (results.size() > indexes.size()) {
            throw new JedisDataException("script reply has more steps than sent");
        }
        return new LocalReply(results, indexes.subList(0, results.size()));
    }

    private static List<Usage> usages(Object o) {
        List<Usage> out = new ArrayList<>();
        if (o instanceof List<?> flat) {
            for (int k = 0; k + 2 < flat.size(); k += 3) {
                out.add(new Usage(
                        new LimitCondition(asLong(flat.get(k)), asLong(flat.get(k + 1))), asLong(flat.get(k + 2))));
            }
        }
        return out;
    }

    private static long asLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        throw new JedisDataException("unexpected script value: " + o);
    }

    private static boolean isNoScript(JedisDataException e) {
        String m = e.getMessage();
        return m != null && m.startsWith("NOSCRIPT");
    }

    private String load(String sampleKey) {
        return cluster ? jedis.scriptLoad(SCRIPT, sampleKey) : jedis.scriptLoad(SCRIPT);
    }

    private static String scriptSha() {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-1");
            return java.util.HexFormat.of().formatHex(d.digest(SCRIPT.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String loadScript() {
        try (InputStream in = RedisLimiter.class.getResourceAsStream("acquire.lua")) {
            if (in == null) {
                throw new IllegalStateException("missing resource acquire.lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {}
}
