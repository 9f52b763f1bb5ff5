package dev.themis.runtime.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Monitoring series in Redis, shared by every themisd on the same Redis and read by tmscli.
 *
 * <p>Key layout (documented in {@code docs/monitoring.md}): one hash per scope and minute,
 * {@code <prefix>{m:all}:mps:<minuteStart>}, {@code <prefix>{m:p:<policy>}:mps:<minuteStart>},
 * {@code <prefix>{m:b:all}:mps:<minuteStart>} (blocked) and {@code <prefix>{m:b:p:<policy>}:mps:<minuteStart>},
 * field = second within the minute (0..59), value = messages. A minute holds at most 60 small fields,
 * so Redis keeps it as a compact listpack; memory is proportional to the seconds that saw traffic.
 * Each hash expires at the end of its minute plus the retention ({@code messagesBySecStoreDays}).
 * All minutes of one scope share a Cluster hash tag, so a range read goes to one node.
 */
public final class RedisTrafficMonitor implements TrafficMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTrafficMonitor.class);
    private static final int READ_BATCH = 512;

    private final UnifiedJedis jedis;
    private final String prefix;
    /** After a failed write, writes pause this long (message time) so an outage adds no latency. */
    static final long BACKOFF_SECONDS = 5;

    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong retryAfter = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lost = new AtomicLong();

    /**
     * @param jedis the connection (standalone, Sentinel or Cluster)
     * @param keyPrefix the prefix of every Themis key, e.g. {@code themis:}
     */
    public RedisTrafficMonitor(UnifiedJedis jedis, String keyPrefix) {
        this.jedis = Objects.requireNonNull(jedis, "jedis");
        this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    /** The hash holding one scope's counts of the minute starting at {@code minuteStart}. */
    public String key(MonitorScope scope, long minuteStart) {
        return prefix + tag(scope) + ":mps:" + minuteStart;
    }

    private static String tag(MonitorScope scope) {
        return switch (scope) {
            case MonitorScope.All a -> "{m:all}";
            case MonitorScope.OfPolicy p -> "{m:p:" + p.policy() + "}";
            case MonitorScope.Blocked b -> "{m:b:all}";
            case MonitorScope.BlockedBy b -> "{m:b:p:" + b.policy() + "}";
        };
    }

    /**
     * The writes that count one message: one {@link MonitorUpdate} per scope of {@link
     * MonitorSample#scopes()}. Empty when the sample is empty.
     */
    public List<MonitorUpdate> updates(Instant at, MonitorSample sample) {
        if (sample.isEmpty()) {
            return List.of();
        }
        long second = at.getEpochSecond();
        long minute = Math.floorDiv(second, 60) * 60;
        String field = Long.toString(second - minute);
        long expireAt = minute + 60 + sample.retention().toSeconds();
        List<MonitorUpdate> out = new ArrayList<>(sample.policies().size() + 3);
        for (MonitorScope scope : sample.scopes()) {
            out.add(new MonitorUpdate(key(scope, minute), field, 1, expireAt));
        }
        return out;
    }

    /**
     * Queues the writes on a pipeline (or transaction) the caller syncs: one {@code HINCRBY} per
     * update and one {@code EXPIREAT} per key (the latest expiry asked for it), no reply needed.
     * Callers that batch several messages {@link #merge} their updates first.
     */
    public static void appendTo(PipeliningBase pipeline, List<MonitorUpdate> updates) {
        Map<String, Long> expiry = new LinkedHashMap<>();
        for (MonitorUpdate u : updates) {
            pipeline.hincrBy(u.key(), u.field(), u.increment());
            expiry.merge(u.key(), u.expireAtEpochSecond(), Math::max);
        }
        expiry.forEach(pipeline::expireAt);
    }

    /**
     * The same counts in fewer writes: updates of one key and field (messages of one second in one
     * batch) become one update with the summed increment and the latest expiry.
     */
    public static List<MonitorUpdate> merge(List<MonitorUpdate> updates) {
        if (updates.size() < 2) {
            return updates;
        }
        Map<List<String>, MonitorUpdate> byField = new LinkedHashMap<>();
        for (MonitorUpdate u : updates) {
            byField.merge(
                    List.of(u.key(), u.field()),
                    u,
                    (x, y) -> new MonitorUpdate(
                            x.key(),
                            x.field(),
                            x.increment() + y.increment(),
                            Math.max(x.expireAtEpochSecond(), y.expireAtEpochSecond())));
        }
        return List.copyOf(byField.values());
    }

    @Override
    public void record(Instant at, MonitorSample sample) {
        List<MonitorUpdate> updates = updates(at, sample);
        if (updates.isEmpty()) {
            return;
        }
        if (at.getEpochSecond() < retryAfter.get()) {
            lost.incrementAndGet();
            return;
        }
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            appendTo(pipeline, updates);
            pipeline.sync();
            if (failing.compareAndSet(true, false)) {
                LOG.info("monitoring writes to Redis work again ({} messages not counted)", lost.get());
            }
        } catch (RuntimeException e) {
            lost.incrementAndGet();
            retryAfter.set(at.getEpochSecond() + BACKOFF_SECONDS);
            if (failing.compareAndSet(false, true)) {
                LOG.warn("monitoring writes to Redis fail; counts are lost until Redis answers: {}", e.toString());
            } else {
                LOG.debug("monitoring write failed", e);
            }
        }
    }

    /**
     * Messages whose count was lost because Redis failed (for metrics); after a failure, writes
     * pause for {@value #BACKOFF_SECONDS} seconds of message time instead of waiting on a dead
     * connection for every message.
     */
    public long lostCounts() {
        return lost.get();
    }

    @Override
    public TrafficSeries series(MonitorScope scope, Instant from, Instant to) {
        long start = from.getEpochSecond();
        long end = to.getEpochSecond();
        checkRange(start, end);
        TreeMap<Long, Long> bySecond = new TreeMap<>();
        long firstMinute = Math.floorDiv(start, 60) * 60;
        List<Long> minutes = new ArrayList<>();
        for (long m = firstMinute; m < end; m += 60) {
            minutes.add(m);
        }
        try {
            for (int i = 0; i < minutes.size(); i += READ_BATCH) {
                List<Long> batch = minutes.subList(i, Math.min(minutes.size(), i + READ_BATCH));
                List<Response<Map<String, String>>> replies = new ArrayList<>(batch.size());
                try (AbstractPipeline pipeline = jedis.pipelined()) {
                    for (long m : batch) {
                        replies.add(pipeline.hgetAll(key(scope, m)));
                    }
                    pipeline.sync();
                }
                for (int j = 0; j < batch.size(); j++) {
                    long minute = batch.get(j);
                    for (Map.Entry<String, String> e : replies.get(j).get().entrySet()) {
                        long second = minute + parseField(e.getKey());
                        if (second >= start && second < end) {
                            bySecond.merge(second, parseCount(e.getValue()), Long::sum);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new MonitorStoreException(
                    "cannot read the " + scope + " monitoring series from Redis: " + e.getMessage(), e);
        }
        List<TrafficSeries.SecondCount> counts = new ArrayList<>(bySecond.size());
        bySecond.forEach((s, c) -> counts.add(new TrafficSeries.SecondCount(Instant.ofEpochSecond(s), c)));
        return new TrafficSeries(scope, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), counts);
    }

    static void checkRange(long start, long end) {
        if (end < start) {
            throw new IllegalArgumentException("the range ends before it starts");
        }
        if (Duration.ofSeconds(end - start).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("the range is longer than " + MAX_RANGE.toDays() + " days");
        }
    }

    private static long parseField(String field) {
        try {
            long s = Long.parseLong(field);
            return s >= 0 && s < 60 ? s : -1_000_000_000L;
        } catch (NumberFormatException e) {
            return -1_000_000_000L; // not ours: outside every range
        }
    }

    private static long parseCount(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
