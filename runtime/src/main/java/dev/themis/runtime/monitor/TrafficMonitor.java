package dev.themis.runtime.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * Messages per second, overall and per policy with {@code RequestsMon}. Two implementations with
 * the same behaviour: {@link RedisTrafficMonitor} (shared by every themisd, read by tmscli) and
 * {@link InMemoryTrafficMonitor} (embedded mode).
 *
 * <p>The engine calls {@link #record} once per decided message (or, with Redis, appends {@link
 * RedisTrafficMonitor#updates} to the pipeline it already sends); tmscli calls {@link #series}.
 */
public interface TrafficMonitor {

    /** The longest range {@link #series} answers in one call. */
    Duration MAX_RANGE = Duration.ofDays(31);

    /**
     * Counts one message at {@code at} (truncated to the second). Never throws and never blocks
     * the decision for long: a store failure is logged (once per outage) and the count is lost.
     */
    void record(Instant at, MonitorSample sample);

    /**
     * Messages per second of a scope in {@code [from, to)} (both truncated to whole seconds).
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from} or the range is longer
     *     than {@link #MAX_RANGE}
     * @throws MonitorStoreException when the store cannot be read
     */
    TrafficSeries series(MonitorScope scope, Instant from, Instant to);
}
