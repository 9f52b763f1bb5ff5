package dev.themis.runtime.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Messages per second of one scope over {@code [from, to)}.
 *
 * @param scope whose messages
 * @param from first second (inclusive, whole seconds)
 * @param to end (exclusive, whole seconds)
 * @param counts the seconds with at least one message, in time order (seconds not listed had none)
 */
public record TrafficSeries(MonitorScope scope, Instant from, Instant to, List<SecondCount> counts) {

    /** Messages counted in one second. */
    public record SecondCount(Instant second, long count) {
        public SecondCount {
            Objects.requireNonNull(second, "second");
        }
    }

    /** Messages counted in one interval of {@link #perInterval}. */
    public record IntervalCount(Instant start, long count, long peakPerSecond) {}

    public TrafficSeries {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        counts = List.copyOf(counts);
    }

    /** All messages in the range. */
    public long total() {
        return counts.stream().mapToLong(SecondCount::count).sum();
    }

    /** The busiest second's count (0 when there was no message). */
    public long peak() {
        return counts.stream().mapToLong(SecondCount::count).max().orElse(0);
    }

    /** Average messages per second over the whole range. */
    public double averagePerSecond() {
        long seconds = Duration.between(from, to).toSeconds();
        return seconds <= 0 ? 0.0 : (double) total() / seconds;
    }

    /** Every second of the range, zeros included (for plots); the range must be at most a day. */
    public long[] dense() {
        long seconds = Duration.between(from, to).toSeconds();
        if (seconds > 86_400) {
            throw new IllegalArgumentException("dense series are limited to one day, asked " + seconds + " s");
        }
        long[] out = new long[(int) Math.max(0, seconds)];
        long start = from.getEpochSecond();
        for (SecondCount c : counts) {
            out[(int) (c.second().getEpochSecond() - start)] += c.count();
        }
        return out;
    }

    /**
     * Sums per interval (e.g. one minute for a table of a day), every interval of the range listed,
     * empty ones with zero. Intervals start at {@code from}.
     */
    public List<IntervalCount> perInterval(Duration step) {
        long stepSeconds = step.toSeconds();
        if (stepSeconds <= 0) {
            throw new IllegalArgumentException("interval must be at least one second: " + step);
        }
        long start = from.getEpochSecond();
        long end = to.getEpochSecond();
        int n = (int) Math.max(0, (end - start + stepSeconds - 1) / stepSeconds);
        if (n > 100_000) {
            throw new IllegalArgumentException("too many intervals (" + n + "): choose a longer step");
        }
        long[] sums = new long[n];
        long[] peaks = new long[n];
        for (SecondCount c : counts) {
            int i = (int) ((c.second().getEpochSecond() - start) / stepSeconds);
            sums[i] += c.count();
            peaks[i] = Math.max(peaks[i], c.count());
        }
        List<IntervalCount> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new IntervalCount(Instant.ofEpochSecond(start + i * stepSeconds), sums[i], peaks[i]));
        }
        return out;
    }
}
