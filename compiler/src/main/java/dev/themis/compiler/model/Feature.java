package dev.themis.compiler.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The features of spec section 7: key, type, default, validation and description. This enum is the
 * feature catalog ({@link FeatureCatalog} lists it for {@code tmscli -g --features list}).
 */
public enum Feature {
    GLOBAL_NAMESPACE("global_namespace", FeatureType.STRING, "AI", "prefix for metadata and learning keys"),
    GLOBAL_TTL("global_ttl", FeatureType.INTEGER, "86400", "seconds metadata lives"),
    POLICIES_BY_SERVER_POOL(
            "policiesByServerPoolFeature",
            FeatureType.BOOLEAN,
            "TRUE",
            "use pools: MTAs of a pool run the pool's policies"),
    FEATURES_BY_SERVER_POOL(
            "featuresByServerPool", FeatureType.BOOLEAN, "FALSE", "a pool may have its own features namespace"),
    FALLBACK_TO_NON_POOL_POLICIES(
            "fallbackToNonPoolPolicies", FeatureType.BOOLEAN, "FALSE", "pool MTAs also run the global policies"),
    MESSAGES_BY_SEC("messagesBySecFeature", FeatureType.BOOLEAN, "TRUE", "count all messages per second"),
    MESSAGES_BY_SEC_STORE_DAYS("messagesBySecStoreDays", FeatureType.INTEGER, "1", "days per-second counts are kept"),
    FEEDER_FEATURES_ENABLED("feederFeaturesEnabled", FeatureType.BOOLEAN, "FALSE", "run the reputation feeders"),
    LEARN("learnFeature", FeatureType.BOOLEAN, "FALSE", "learn per-object limits"),
    LEARN_PREDICT_SAFE_VALUE("learnPredictSafeValue", FeatureType.DECIMAL, "30.0", "smallest learned limit"),
    LEARN_ONLY_ONCE("learnOnlyOnce", FeatureType.BOOLEAN, "TRUE", "learn an object's limit only once"),
    LEARN_ESCALATION_VALUE(
            "learnEscalationValue", FeatureType.DECIMAL, "0.2", "fraction added to the predicted volume"),
    LEARN_TIME_FRAME_VALUE("learnTimeFrameValue", FeatureType.CONDITIONS, "[[1,1]]", "learning time frames"),
    LEARN_BLOCK_MINUTES("learnBlockMinutes", FeatureType.INTEGER, "2", "minutes a learned limit blocks"),
    SPF_STRICT_REJECT(
            "spfStrictRejectFeature",
            FeatureType.BOOLEAN,
            "FALSE",
            "SPF softfail, neutral and none count as failures too"),
    RATE_REPUTATION("rateReputationFeature", FeatureType.BOOLEAN, "FALSE", "objects blocked often get a lower limit"),
    RATE_REPUTATION_BLOCK_HIT_VALUE(
            "rateReputationBlockHitValue", FeatureType.INTEGER, "5", "blocks before the limit is lowered"),
    RATE_REPUTATION_DECREASE_VALUE(
            "rateReputationDecreaseValue", FeatureType.DECIMAL, "0.2", "fraction the limit is lowered by"),
    RATE_REPUTATION_INCREASE_MINUTES(
            "rateReputationIncreaseMinutes", FeatureType.INTEGER, "0", "minutes added to the block"),
    IP_REPUTATION(
            "ipReputationFeature", FeatureType.BOOLEAN, "FALSE", "objects sending from many IPs get a lower limit"),
    IP_REPUTATION_HIT_VALUE(
            "ipReputationHitValue", FeatureType.INTEGER, "4", "distinct IPs before the limit is lowered"),
    IP_REPUTATION_DECREASE_VALUE(
            "ipReputationDecreaseValue", FeatureType.DECIMAL, "0.2", "fraction the limit is lowered by"),
    IP_REPUTATION_INCREASE_MINUTES(
            "ipReputationIncreaseMinutes", FeatureType.INTEGER, "0", "minutes added to the block"),
    SUBJECT_REPUTATION(
            "subjectReputationFeature",
            FeatureType.BOOLEAN,
            "FALSE",
            "objects repeating one subject get a lower limit"),
    SUBJECT_REPUTATION_HIT_VALUE(
            "subjectReputationHitValue", FeatureType.INTEGER, "10", "repeats before the limit is lowered"),
    SUBJECT_REPUTATION_DECREASE_VALUE(
            "subjectReputationDecreaseValue", FeatureType.DECIMAL, "0.1", "fraction the limit is lowered by"),
    SUBJECT_REPUTATION_INCREASE_MINUTES(
            "subjectReputationIncreaseMinutes", FeatureType.INTEGER, "0", "minutes added to the block"),
    GLOBAL_CONDITIONS(
            "global_conditions",
            FeatureType.CONDITIONS,
            "[[720,500]]",
            "[[N,S],...]: limits for policies with JailSpec 0:0 (N messages in S seconds)"),
    GLOBAL_CUSTOM_BLOCK(
            "global_custom_block",
            FeatureType.INTEGER,
            "0",
            "minutes to block an object that hit a limit (0: until the window frees)");

    /** Longest accepted value text. */
    public static final int MAX_LENGTH = 4096;

    private final String key;
    private final FeatureType type;
    private final String defaultText;
    private final String description;

    Feature(String key, FeatureType type, String defaultText, String description) {
        this.key = key;
        this.type = type;
        this.defaultText = defaultText;
        this.description = description;
    }

    /** The key as stored and written, e.g. {@code global_ttl}. */
    public String key() {
        return key;
    }

    public FeatureType type() {
        return type;
    }

    /** The default in canonical spelling. */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** The default value (Boolean, Long, Double, String or {@code List<Condition>}). */
    public Object defaultValue() {
        return parse(defaultText);
    }

    /** The feature with this key, ignoring case. */
    public static Optional<Feature> lookup(String key) {
        for (Feature f : values()) {
            if (f.key.equalsIgnoreCase(key)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Why {@code text} is no valid value of this feature, or null when it is one. */
    public @org.jspecify.annotations.Nullable String problem(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Parses a value.
     *
     * @return Boolean, Long, Double, String or an immutable {@code List<Condition>}
     * @throws IllegalArgumentException with a lowercase message when the value is invalid
     */
    public Object parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("value longer than " + MAX_LENGTH + " characters");
        }
        String t = text.strip();
        return switch (type) {
            case BOOLEAN -> {
                if (t.equalsIgnoreCase("true")) {
                    yield Boolean.TRUE;
                }
                if (t.equalsIgnoreCase("false")) {
                    yield Boolean.FALSE;
                }
                throw new IllegalArgumentException("expected TRUE or FALSE, found `" + text + "`");
            }
            case INTEGER -> {
                if (!t.matches("[0-9]{1,12}")) {
                    throw new IllegalArgumentException("expected a whole number >= 0, found `" + text + "`");
                }
                yield Long.parseLong(t);
            }
            case DECIMAL -> {
                if (!t.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) {
                    throw new IllegalArgumentException(
                            "expected a decimal number >= 0 such as `0.2`, found `" + text + "`");
                }
                double d = Double.parseDouble(t);
                if (key.endsWith("DecreaseValue") && d > 1.0) {
                    throw new IllegalArgumentException("expected a fraction between 0 and 1, found `" + text + "`");
                }
                yield d;
            }
            case STRING -> {
                if (!t.matches("[A-Za-z0-9_.-]{1,64}")) {
                    throw new IllegalArgumentException(
                            "expected letters, digits, `_`, `.` or `-` (at most 64), found `" + text + "`");
                }
                yield t;
            }
            case CONDITIONS -> parseConditions(t, text);
        };
    }

    private static List<Condition> parseConditions(String t, String text) {
        String compact = t.replaceAll("\\s+", "");
        String error = "expected pairs `[[N,S],...]` of positive whole numbers, found `" + text + "`";
        if (!compact.matches("\\[\\[[0-9]{1,10},[0-9]{1,10}\\](,\\[[0-9]{1,10},[0-9]{1,10}\\])*\\]")) {
            throw new IllegalArgumentException(error);
        }
        List<Condition> out = new ArrayList<>();
        for (String pair : compact.substring(2, compact.length() - 2).split("\\],\\[")) {
            String[] nums = pair.split(",");
            long n = Long.parseLong(nums[0]);
            long s = Long.parseLong(nums[1]);
            if (n == 0 || s == 0 || n > JailSpec.MAX_VALUE || s > JailSpec.MAX_VALUE) {
                throw new IllegalArgumentException(error);
            }
            out.add(new Condition(n, s));
        }
        return List.copyOf(out);
    }

    /** The canonical spelling of a value of this feature. */
    public String spell(Object value) {
        return switch (type) {
            case BOOLEAN -> ((Boolean) value) ? "TRUE" : "FALSE";
            case INTEGER, STRING -> value.toString();
            case DECIMAL -> value.toString();
            case CONDITIONS -> {
                @SuppressWarnings("unchecked")
                List<Condition> list = (List<Condition>) value;
                yield list.stream()
                        .map(c -> "[" + c.limit() + "," + c.seconds() + "]")
                        .collect(Collectors.joining(",", "[", "]"));
            }
        };
    }

    /** The canonical spelling of {@code text} (which must be valid). */
    public String canonical(String text) {
        return spell(parse(text));
    }

    @Override
    public String toString() {
        return key;
    }
}
