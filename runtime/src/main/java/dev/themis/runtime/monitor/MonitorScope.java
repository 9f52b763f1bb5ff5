package dev.themis.runtime.monitor;

import java.util.Objects;

/** Whose traffic a series counts: every message, or the messages one policy saw. */
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

    MonitorScope ALL = new All();

    static MonitorScope all() {
        return ALL;
    }

    static MonitorScope policy(String name) {
        return new OfPolicy(name);
    }

    /** {@code all} (or {@code *}) for all messages, {@code policy:NAME} or a bare NAME for a policy. */
    static MonitorScope parse(String text) {
        String t = text.trim();
        if (t.equals("all") || t.equals("*")) {
            return ALL;
        }
        return new OfPolicy(t.startsWith("policy:") ? t.substring("policy:".length()) : t);
    }
}
