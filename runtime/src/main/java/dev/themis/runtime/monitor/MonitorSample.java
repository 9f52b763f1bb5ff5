package dev.themis.runtime.monitor;

import dev.themis.compiler.model.Features;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one message adds to the monitoring series.
 *
 * @param countAll whether to count it in the overall series (feature {@code messagesBySecFeature})
 * @param policies the policies with {@code RequestsMon TRUE} that saw the message (Source and
 *     Destination matched), each counted once
 * @param retention how long the counts are kept (feature {@code messagesBySecStoreDays})
 * @param blockedBy the policy whose JailAction (block, defer, hold) refused or held the message, or
 *     null; counted in the {@code blocked} and {@code blocked:POLICY} series whatever the features
 */
public record MonitorSample(
        boolean countAll,
        List<String> policies,
        Duration retention,
        @Nullable String blockedBy) {

    /** A message no policy blocked. */
    public MonitorSample(boolean countAll, List<String> policies, Duration retention) {
        this(countAll, policies, retention, null);
    }

    public MonitorSample {
        policies = List.copyOf(policies);
        if (blockedBy != null && blockedBy.isBlank()) {
            throw new IllegalArgumentException("blockedBy must name a policy");
        }
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
        return of(features, monitoredPolicies, null);
    }

    /** As {@link #of(Features, List)}, for a message that {@code blockedBy} blocked (or null). */
    public static MonitorSample of(Features features, List<String> monitoredPolicies, @Nullable String blockedBy) {
        return new MonitorSample(
                features.messagesBySec(),
                monitoredPolicies,
                retentionDays(features.messagesBySecStoreDays()),
                blockedBy);
    }

    /** The retention for {@code messagesBySecStoreDays}. */
    public static Duration retentionDays(long storeDays) {
        return Duration.ofDays(Math.max(1, storeDays));
    }

    /** Whether the message adds nothing (monitoring off, no monitored policy, not blocked). */
    public boolean isEmpty() {
        return !countAll && policies.isEmpty() && blockedBy == null;
    }

    /** Every scope this message counts in, once each. */
    public List<MonitorScope> scopes() {
        List<MonitorScope> out = new java.util.ArrayList<>(policies.size() + 3);
        if (countAll) {
            out.add(MonitorScope.ALL);
        }
        for (String p : new java.util.LinkedHashSet<>(policies)) {
            out.add(MonitorScope.policy(p));
        }
        if (blockedBy != null) {
            out.add(MonitorScope.BLOCKED);
            out.add(MonitorScope.blockedBy(blockedBy));
        }
        return out;
    }
}
