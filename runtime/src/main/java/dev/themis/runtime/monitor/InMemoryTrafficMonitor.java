package dev.themis.runtime.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Monitoring series in memory, for embedded mode (no Redis). Same behaviour as {@link
 * RedisTrafficMonitor}: per-second counts per scope, dropped once older than the retention. Memory
 * is proportional to the seconds that saw traffic within the retention (about 100 bytes each).
 */
public final class InMemoryTrafficMonitor implements TrafficMonitor {

    private static final long PRUNE_EVERY_SECONDS = 60;

    private final Map<MonitorScope, ConcurrentSkipListMap<Long, LongAdder>> series = new ConcurrentHashMap<>();
    private final AtomicLong lastPrune = new AtomicLong();

    @Override
    public void record(Instant at, MonitorSample sample) {
        if (sample.isEmpty()) {
            return;
        }
        long second = at.getEpochSecond();
        for (MonitorScope scope : sample.scopes()) {
            count(scope, second);
        }
        long last = lastPrune.get();
        if (second - last >= PRUNE_EVERY_SECONDS && lastPrune.compareAndSet(last, second)) {
            // Same rule as Redis: a minute lives until its end plus the retention.
            long keepFrom = Math.floorDiv(second - sample.retention().toSeconds(), 60) * 60;
            series.values().forEach(m -> m.headMap(keepFrom).clear());
        }
    }

    private void count(MonitorScope scope, long second) {
        series.computeIfAbsent(scope, s -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(second, s -> new LongAdder())
                .increment();
    }

    @Override
    public TrafficSeries series(MonitorScope scope, Instant from, Instant to) {
        long start = from.getEpochSecond();
        long end = to.getEpochSecond();
        RedisTrafficMonitor.checkRange(start, end);
        List<TrafficSeries.SecondCount> counts = new ArrayList<>();
        ConcurrentSkipListMap<Long, LongAdder> m = series.get(scope);
        if (m != null) {
            m.subMap(start, end).forEach((s, c) -> {
                long n = c.sum();
                if (n > 0) {
                    counts.add(new TrafficSeries.SecondCount(Instant.ofEpochSecond(s), n));
                }
            });
        }
        return new TrafficSeries(scope, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), counts);
    }
}
