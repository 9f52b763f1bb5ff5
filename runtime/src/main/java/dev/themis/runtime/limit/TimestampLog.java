package dev.themis.runtime.limit;

import java.util.Arrays;

/**
 * The admitted units of one (policy, object), as a sorted array of millisecond timestamps. Not
 * thread-safe: {@link MemoryLimiter} guards it. Its size is bounded by the units admitted within the
 * largest window, because every use trims what no window can see any more.
 */
final class TimestampLog {
    private long[] times = new long[4];
    private int size;
    private long maxWindowMillis;

    int size() {
        return size;
    }

    long maxWindowMillis() {
        return maxWindowMillis;
    }

    /** The newest timestamp, or {@link Long#MIN_VALUE} when empty. */
    long newest() {
        return size == 0 ? Long.MIN_VALUE : times[size - 1];
    }

    /** Drops every unit at or before {@code bound}. */
    void trimAtOrBefore(long bound) {
        int keep = firstAfter(bound);
        if (keep > 0) {
            System.arraycopy(times, keep, times, 0, size - keep);
            size -= keep;
        }
        if (times.length > 16 && size < times.length / 4) {
            times = Arrays.copyOf(times, Math.max(16, size * 2));
        }
    }

    /** Units strictly after {@code bound}. */
    long countAfter(long bound) {
        return (long) size - firstAfter(bound);
    }

    /** The {@code n}-th (0-based) unit strictly after {@code bound}. */
    long nthAfter(long bound, long n) {
        return times[firstAfter(bound) + Math.toIntExact(n)];
    }

    void add(long time, int weight, long maxWindow) {
        maxWindowMillis = maxWindow;
        if (size + weight > times.length) {
            times = Arrays.copyOf(times, Math.max(times.length * 2, size + weight));
        }
        int at = firstAfter(time);
        System.arraycopy(times, at, times, at + weight, size - at);
        Arrays.fill(times, at, at + weight, time);
        size += weight;
    }

    private int firstAfter(long bound) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
