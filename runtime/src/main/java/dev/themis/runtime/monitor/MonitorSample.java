package dev.themis.runtime.monitor;

import dev.themis.compiler.model.Features;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one message adds to the monitoring series.
 *
 * @param countAll whether to count it in the overall series (feature {@code messagesBySecFeature})
 * @param policies the policies with {@code RequestsMon TRUE} that saw the message (Source and
 *     Destination matched), each counted once
 * @param retention how long the counts are kept (feature {@code messagesBySecStoreDays})
 */
public record MonitorSample(boolean countAll, List<String> policies, Duration retention) {

    public MonitorSample {
        policies = List.copyOf(policies);
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
    }

    /**
     * The sample for one message under the snapshot's features: overall counting per {@code
     * messagesBySecFeature}, retention per {@code messagesBySecStoreDays}.
     *
     * @param monitoredPolicies names of the policies with {@code RequestsMon TRUE} whose Source and
     *     Destination matched the message
     */
    public static MonitorSample of(Features features, List<String> monitoredPolicies) {
        return new MonitorSample(
                features.messagesBySec(), monitoredPolicies, retentionDays(features.messagesBySecStoreDays()));
    }

    /** The retention for {@code messagesBySecStoreDays}. */
    public static Duration retentionDays(long storeDays) {
        return Duration.ofDays(Math.max(1, storeDays));
    }

    /** Whether the message adds nothing (monitoring off and no monitored policy). */
    public boolean isEmpty() {
        return !countAll && policies.isEmpty();
    }
}
