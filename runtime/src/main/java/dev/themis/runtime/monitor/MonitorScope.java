package dev.themis.runtime.monitor;

import java.util.Objects;

/**
 * Whose traffic a series counts: every message, the messages one policy saw, or the messages
 * blocked (rejected, deferred or held by a policy's limit or SPF check) overall or by one policy.
 */
public sealed interface MonitorScope {

    /** Every message Themis decided on (feature {@code messagesBySecFeature}). */
    record All() implements MonitorScope {
        @Override
        public String toString() {
            return "all";
        }
    }

    /** The messages of one policy with {@code RequestsMon TRUE}. */
    record OfPolicy(String policy) implements MonitorScope {
        public OfPolicy {
            Objects.requireNonNull(policy, "policy");
            if (policy.isBlank()) {
                throw new IllegalArgumentException("policy name must not be blank");
            }
        }

        @Override
        public String toString() {
            return "policy:" + policy;
        }
    }

    /** Every message a policy blocked (JailAction block, defer or hold; not monitor). */
    record Blocked() implements MonitorScope {
        @Override
        public String toString() {
            return "blocked";
        }
    }

    /** The messages one policy blocked. */
    record BlockedBy(String policy) implements MonitorScope {
        public BlockedBy {
            Objects.requireNonNull(policy, "policy");
            if (policy.isBlank()) {
                throw new IllegalArgumentException("policy name must not be blank");
            }
        }

        @Override
        public String toString() {
            return "blocked:" + policy;
        }
    }

    MonitorScope ALL = new All();

    MonitorScope BLOCKED = new Blocked();

    static MonitorScope all() {
        return ALL;
    }

    static MonitorScope policy(String name) {
        return new OfPolicy(name);
    }

    static MonitorScope blocked() {
        return BLOCKED;
    }

    static MonitorScope blockedBy(String policy) {
        return new BlockedBy(policy);
    }

    /**
     * The scope named as {@link #toString()} writes it: {@code all} (or {@code *}), {@code
     * policy:NAME} or a bare NAME, {@code blocked}, {@code blocked:NAME}.
     */
    static MonitorScope parse(String text) {
        String t = text.trim();
        if (t.equals("all") || t.equals("*")) {
            return ALL;
        }
        if (t.equals("blocked")) {
            return BLOCKED;
        }
        if (t.startsWith("blocked:")) {
            return new BlockedBy(t.substring("blocked:".length()));
        }
        return new OfPolicy(t.startsWith("policy:") ? t.substring("policy:".length()) : t);
    }
}
