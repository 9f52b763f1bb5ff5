package dev.themis.compiler.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The effective features of one namespace: every feature of spec section 7, explicit values over
 * defaults. Immutable.
 */
public final class Features {
    /** Every feature at its default. */
    public static final Features DEFAULTS = new Features(Map.of());

    private final Map<Feature, Object> values;
    private final Map<Feature, Object> explicit;

    /** @param explicit values set by {@code features} statements (already parsed and valid) */
    public Features(Map<Feature, Object> explicit) {
        EnumMap<Feature, Object> all = new EnumMap<>(Feature.class);
        for (Feature f : Feature.values()) {
            all.put(f, f.defaultValue());
        }
        EnumMap<Feature, Object> set = new EnumMap<>(Feature.class);
        explicit.forEach((f, v) -> {
            all.put(f, Objects.requireNonNull(v));
            set.put(f, v);
        });
        this.values = all;
        this.explicit = set;
    }

    /** These features with {@code overrides} on top (a pool namespace over the global one). */
    public Features overriddenBy(Features overrides) {
        EnumMap<Feature, Object> merged = new EnumMap<>(Feature.class);
        merged.putAll(explicit);
        merged.putAll(overrides.explicit);
        return new Features(merged);
    }

    /** The value of {@code feature}: Boolean, Long, Double, String or {@code List<Condition>}. */
    public Object get(Feature feature) {
        return Objects.requireNonNull(values.get(feature));
    }

    /** True when a statement set {@code feature} (as opposed to its default). */
    public boolean isSet(Feature feature) {
        return explicit.containsKey(feature);
    }

    /** The values set explicitly. */
    public Map<Feature, Object> explicitValues() {
        return Map.copyOf(explicit);
    }

    private boolean bool(Feature f) {
        return (Boolean) get(f);
    }

    private long integer(Feature f) {
        return (Long) get(f);
    }

    private double decimal(Feature f) {
        return (Double) get(f);
    }

    @SuppressWarnings("unchecked")
    private List<Condition> conditions(Feature f) {
        return (List<Condition>) get(f);
    }

    public String globalNamespace() {
        return (String) get(Feature.GLOBAL_NAMESPACE);
    }

    public long globalTtl() {
        return integer(Feature.GLOBAL_TTL);
    }

    public boolean policiesByServerPool() {
        return bool(Feature.POLICIES_BY_SERVER_POOL);
    }

    public boolean featuresByServerPool() {
        return bool(Feature.FEATURES_BY_SERVER_POOL);
    }

    public boolean fallbackToNonPoolPolicies() {
        return bool(Feature.FALLBACK_TO_NON_POOL_POLICIES);
    }

    public boolean messagesBySec() {
        return bool(Feature.MESSAGES_BY_SEC);
    }

    public long messagesBySecStoreDays() {
        return integer(Feature.MESSAGES_BY_SEC_STORE_DAYS);
    }

    public boolean feederFeaturesEnabled() {
        return bool(Feature.FEEDER_FEATURES_ENABLED);
    }

    public boolean learn() {
        return bool(Feature.LEARN);
    }

    public double learnPredictSafeValue() {
        return decimal(Feature.LEARN_PREDICT_SAFE_VALUE);
    }

    public boolean learnOnlyOnce() {
        return bool(Feature.LEARN_ONLY_ONCE);
    }

    public double learnEscalationValue() {
        return decimal(Feature.LEARN_ESCALATION_VALUE);
    }

    public List<Condition> learnTimeFrameValue() {
        return conditions(Feature.LEARN_TIME_FRAME_VALUE);
    }

    public long learnBlockMinutes() {
        return integer(Feature.LEARN_BLOCK_MINUTES);
    }

    public boolean spfStrictReject() {
        return bool(Feature.SPF_STRICT_REJECT);
    }

    public boolean rateReputation() {
        return bool(Feature.RATE_REPUTATION);
    }

    public long rateReputationBlockHitValue() {
        return integer(Feature.RATE_REPUTATION_BLOCK_HIT_VALUE);
    }

    public double rateReputationDecreaseValue() {
        return decimal(Feature.RATE_REPUTATION_DECREASE_VALUE);
    }

    public long rateReputationIncreaseMinutes() {
        return integer(Feature.RATE_REPUTATION_INCREASE_MINUTES);
    }

    public boolean ipReputation() {
        return bool(Feature.IP_REPUTATION);
    }

    public long ipReputationHitValue() {
        return integer(Feature.IP_REPUTATION_HIT_VALUE);
    }

    public double ipReputationDecreaseValue() {
        return decimal(Feature.IP_REPUTATION_DECREASE_VALUE);
    }

    public long ipReputationIncreaseMinutes() {
        return integer(Feature.IP_REPUTATION_INCREASE_MINUTES);
    }

    public boolean subjectReputation() {
        return bool(Feature.SUBJECT_REPUTATION);
    }

    public long subjectReputationHitValue() {
        return integer(Feature.SUBJECT_REPUTATION_HIT_VALUE);
    }

    public double subjectReputationDecreaseValue() {
        return decimal(Feature.SUBJECT_REPUTATION_DECREASE_VALUE);
    }

    public long subjectReputationIncreaseMinutes() {
        return integer(Feature.SUBJECT_REPUTATION_INCREASE_MINUTES);
    }

    /** Conditions used by policies with {@code JailSpec 0:0}. */
    public List<Condition> globalConditions() {
        return conditions(Feature.GLOBAL_CONDITIONS);
    }

    public long globalCustomBlock() {
        return integer(Feature.GLOBAL_CUSTOM_BLOCK);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Features f && f.explicit.equals(explicit);
    }

    @Override
    public int hashCode() {
        return explicit.hashCode();
    }

    @Override
    public String toString() {
        return "Features" + explicit;
    }
}
