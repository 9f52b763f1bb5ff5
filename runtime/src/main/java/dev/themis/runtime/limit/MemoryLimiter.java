package dev.themis.runtime.limit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link Limiter} of embedded mode (one themisd, no Redis). It applies exactly the
 * rules of the Redis script {@code acquire.lua}; the same tests and conformance cases run against
 * both. One lock makes each message's checks and updates atomic: a decision takes microseconds, far
 * below what one MTA delivers.
 *
 * <p>Per-object metadata (bypass, manual_block, {@code limit:<policy>} overrides, block_count,
 * last_block) lives here too, with the same field names as the Redis hash.
 */
public final class MemoryLimiter implements Limiter {
    private static final long SWEEP_INTERVAL_MILLIS = 60_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TimestampLog> logs = new HashMap<>();
    private final Map<String, Long> blockedUntil = new HashMap<>();
    private final Map<String, ObjectMetadata> metadata = new HashMap<>();
    private final long metadataTtlMillis;
    private long nextSweep = Long.MIN_VALUE;

    /** @param metadataTtlMillis how long metadata this limiter creates lives (global_ttl) */
    public MemoryLimiter(long metadataTtlMillis) {
        this.metadataTtlMillis = metadataTtlMillis;
    }

    public MemoryLimiter() {
        this(86_400_000L);
    }

    private static final class ObjectMetadata {
        final Map<String, String> fields = new HashMap<>();
        long expiresAt = Long.MAX_VALUE;
    }

    /** Sets one metadata field of an object (administrator data: no expiry). */
    public void putMetadata(String object, String field, String value) {
        lock.lock();
        try {
            metadata.computeIfAbsent(object, o -> new ObjectMetadata()).fields.put(field, value);
        } finally {
            lock.unlock();
        }
    }

    /** The metadata fields of an object (a copy; empty when none). */
    public Map<String, String> metadata(String object, long nowMillis) {
        lock.lock();
        try {
            ObjectMetadata m = liveMetadata(object, nowMillis);
            return m == null ? Map.of() : Map.copyOf(m.fields);
        } finally {
            lock.unlock();
        }
    }

    /** Number of (policy, object) logs held, for tests of the memory bound. */
    public int logCount() {
        lock.lock();
        try {
            return logs.size();
        } finally {
            lock.unlock();
        }
    }

    /** Units held in one log, for tests of the memory bound. */
    public int unitsHeld(String policy, String object) {
        lock.lock();
        try {
            TimestampLog log = logs.get(key(policy, object));
            return log == null ? 0 : log.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LimitOutcome acquire(LimitRequest request) {
        lock.lock();
        try {
            sweep(request.nowMillis());
            return acquireLocked(request.steps(), request.nowMillis(), request.refusedAfterSteps());
        } finally {
            lock.unlock();
        }
    }

    private LimitOutcome acquireLocked(List<CounterStep> steps, long now, boolean refusedAfter) {
        List<StepResult> results = new ArrayList<>();
        List<Runnable> pending = new ArrayList<>();
        boolean refused = refusedAfter;
        for (CounterStep step : steps) {
            String key = key(step.policy(), step.object());
            ObjectMetadata meta = liveMetadata(step.object(), now);
            if (meta != null && MetadataValues.truthy(meta.fields.get("bypass"))) {
                results.add(new StepResult.MetadataBypass());
                refused = false;
                break;
            }
            if (meta != null && MetadataValues.truthy(meta.fields.get("manual_block"))) {
                results.add(new StepResult.ManualBlock());
                refused = true;
                break;
            }
            List<LimitCondition> conditions = step.conditions();
            if (meta != null) {
                String override = meta.fields.get("limit:" + step.policy());
                if (override != null) {
                    List<LimitCondition> parsed = LimitCondition.parseOverride(override);
                    if (!parsed.isEmpty()) {
                        conditions = parsed;
                    }
                }
            }
            long maxWindow = 0;
            for (LimitCondition c : conditions) {
                maxWindow = Math.max(maxWindow, c.windowMillis());
            }
            TimestampLog log = logs.get(key);
            long keep = keepMillis(maxWindow);
            if (log != null && maxWindow > 0) {
                log.trimAtOrBefore(now - keep);
            }
            // with global_custom_block off (0) no block applies, not even one set before
            Long until = step.customBlockMillis() > 0 ? blockedUntil.get(key) : null;
            if (until != null && until > now) {
                results.add(new StepResult.CustomBlocked(usages(conditions, log, now, 0), until - now));
                refused = step.refusesOnLimit();
                break;
            }
            boolean exceeded = false;
            long wait = 0;
            for (LimitCondition c : conditions) {
                long bound = now - c.windowMillis();
                long count = log == null ? 0 : log.countAfter(bound);
                if (count + step.weight() > c.limit()) {
                    exceeded = true;
                    long w;
                    if (step.weight() > c.limit() || log == null) {
                        w = c.windowMillis();
                    } else {
                        w = log.nthAfter(bound, count + step.weight() - c.limit() - 1) + c.windowMillis() - now;
                    }
                    wait = Math.max(wait, w);
                }
            }
            if (exceeded) {
                if (step.customBlockMillis() > 0) {
                    blockedUntil.put(key, now + step.customBlockMillis());
                    wait = Math.max(wait, step.customBlockMillis());
                }
                if (step.refusesOnLimit()) {
                    ObjectMetadata m = liveMetadata(step.object(), now);
                    if (m == null) {
                        m = new ObjectMetadata();
                        m.expiresAt = now + metadataTtlMillis;
                        metadata.put(step.object(), m);
                    }
                    long blocks = parseLong(m.fields.get("block_count"));
                    m.fields.put("block_count", Long.toString(blocks + 1));
                    m.fields.put("last_block", Long.toString(Math.floorDiv(now, 1000)));
                }
                results.add(new StepResult.Exceeded(usages(conditions, log, now, 0), wait));
                refused = step.refusesOnLimit();
                break;
            }
            results.add(new StepResult.Admitted(usages(conditions, log, now, step.weight())));
            pending.add(() -> logs.computeIfAbsent(key, k -> new TimestampLog()).add(now, step.weight(), keep));
        }
        if (!refused) {
            pending.forEach(Runnable::run);
        }
        return new LimitOutcome(results);
    }

    /**
     * How long units are kept: the largest window plus a margin of the same length (at least 10 s),
     * so that a caller whose "now" lags behind another's still finds every unit of its window (the
     * script does the same).
     */
    static long keepMillis(long maxWindow) {
        return maxWindow + Math.max(maxWindow, 10_000);
    }

    private static List<Usage> usages(
            List<LimitCondition> conditions, @Nullable TimestampLog log, long now, int added) {
        List<Usage> out = new ArrayList<>(conditions.size());
        for (LimitCondition c : conditions) {
            long count = log == null ? 0 : log.countAfter(now - c.windowMillis());
            out.add(new Usage(c, count + added));
        }
        return out;
    }

    private @Nullable ObjectMetadata liveMetadata(String object, long now) {
        ObjectMetadata m = metadata.get(object);
        if (m != null && m.expiresAt <= now) {
            metadata.remove(object);
            return null;
        }
        return m;
    }

    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + SWEEP_INTERVAL_MILLIS;
        for (Iterator<TimestampLog> it = logs.values().iterator(); it.hasNext(); ) {
            TimestampLog log = it.next();
            if (log.size() == 0 || log.newest() <= now - log.maxWindowMillis()) {
                it.remove();
            }
        }
        blockedUntil.values().removeIf(until -> until <= now);
        metadata.values().removeIf(m -> m.expiresAt <= now);
    }

    private static long parseLong(@Nullable String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(String policy, String object) {
        return policy + '\u0000' + object;
    }

    @Override
    public void close() {}
}
