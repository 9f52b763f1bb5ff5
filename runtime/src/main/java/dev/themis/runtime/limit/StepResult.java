package dev.themis.runtime.limit;

import java.util.List;

/** What one {@link CounterStep} found. Every kind but {@link Admitted} ends the message's evaluation. */
public sealed interface StepResult {

    /** Every condition admitted the message; it is recorded unless a later step refuses it. */
    record Admitted(List<Usage> usages) implements StepResult {
        public Admitted {
            usages = List.copyOf(usages);
        }
    }

    /**
     * A condition is exceeded; the object may send again in {@code retryMillis} (exact, or the
     * custom block when longer).
     */
    record Exceeded(List<Usage> usages, long retryMillis) implements StepResult {
        public Exceeded {
            usages = List.copyOf(usages);
        }
    }

    /** An earlier limit hit blocks the object in this policy for {@code retryMillis} more. */
    record CustomBlocked(List<Usage> usages, long retryMillis) implements StepResult {
        public CustomBlocked {
            usages = List.copyOf(usages);
        }
    }

    /** The object's metadata says {@code bypass}: accept. */
    record MetadataBypass() implements StepResult {}

    /** The object's metadata says {@code manual_block}: reject. */
    record ManualBlock() implements StepResult {}

    /** Whether this result ends the evaluation. */
    default boolean terminal() {
        return !(this instanceof Admitted);
    }
}
