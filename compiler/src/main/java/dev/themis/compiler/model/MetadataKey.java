package dev.themis.compiler.model;

import java.util.Optional;

/**
 * Per-object metadata keys (spec section 8). Administrators write the {@link #writable() writable}
 * ones ({@code tmscli -m --metadata OBJECT manual_block TRUE}); the others are kept by themisd and
 * only read.
 */
public enum MetadataKey {
    BYPASS("bypass", FeatureType.BOOLEAN, true, "accept every message of the object without limits"),
    MANUAL_BLOCK("manual_block", FeatureType.BOOLEAN, true, "reject every message of the object (550 5.7.1)"),
    BLOCK_COUNT("block_count", FeatureType.INTEGER, false, "how often the object hit a limit"),
    LAST_BLOCK("last_block", FeatureType.INTEGER, false, "time of the last block (Unix seconds)"),
    LAST_SUBJECT("last_subject", FeatureType.STRING, false, "the last subject seen"),
    SUBJECT_REPEAT("subject_repeat", FeatureType.INTEGER, false, "how often the last subject repeated"),
    IP_COUNT("ip_count", FeatureType.INTEGER, false, "distinct client IPs seen within IpProbation"),
    LEARNED_LIMIT("learned_limit", FeatureType.DECIMAL, false, "the learned limit (learnFeature)");

    private final String key;
    private final FeatureType type;
    private final boolean writable;
    private final String description;

    MetadataKey(String key, FeatureType type, boolean writable, String description) {
        this.key = key;
        this.type = type;
        this.writable = writable;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public FeatureType type() {
        return type;
    }

    /** True when administrators may set it; false for state themisd keeps. */
    public boolean writable() {
        return writable;
    }

    public String description() {
        return description;
    }

    public static Optional<MetadataKey> lookup(String key) {
        for (MetadataKey k : values()) {
            if (k.key.equalsIgnoreCase(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Why {@code text} is no valid value, or null when it is one. */
    public @org.jspecify.annotations.Nullable String problem(String text) {
        return switch (type) {
            case BOOLEAN ->
                text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                        ? null
                        : "expected TRUE or FALSE, found `" + text + "`";
            case INTEGER -> text.matches("[0-9]{1,18}") ? null : "expected a whole number >= 0, found `" + text + "`";
            case DECIMAL ->
                text.matches("[0-9]{1,9}(\\.[0-9]{1,9})?") ? null : "expected a decimal number, found `" + text + "`";
            case STRING, CONDITIONS -> text.length() <= 998 ? null : "value longer than 998 characters";
        };
    }

    /** The canonical spelling of a valid value ({@code TRUE}/{@code FALSE} for booleans). */
    public String canonical(String text) {
        return type == FeatureType.BOOLEAN ? (text.equalsIgnoreCase("true") ? "TRUE" : "FALSE") : text;
    }
}
