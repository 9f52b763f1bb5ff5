package dev.themis.compiler.model;

/** The type of a feature value. */
public enum FeatureType {
    /** {@code TRUE} or {@code FALSE} (any case). */
    BOOLEAN("boolean"),
    /** A whole number. */
    INTEGER("integer"),
    /** A decimal number such as {@code 0.2}. */
    DECIMAL("decimal"),
    /** A word. */
    STRING("string"),
    /** A list of {@code [N, S]} pairs such as {@code [[720,500]]}. */
    CONDITIONS("conditions");

    private final String spelling;

    FeatureType(String spelling) {
        this.spelling = spelling;
    }

    /** The word shown by {@code tmscli -g --features list}. */
    public String spelling() {
        return spelling;
    }
}
