package dev.themis.compiler.model;

import java.util.Optional;

/** Attribute {@code Type}: what a policy does when it matches. */
public enum PolicyType implements Spelled {
    /** Rate limit. */
    REGULAR("regular"),
    /** Accept at once when the Source matches. */
    BYPASS("bypass"),
    /** Accept at once when Source and Destination both match. */
    BYPASS_PLUS("bypass+");

    private final String spelling;

    PolicyType(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    public static Optional<PolicyType> parse(String text) {
        return Spelled.parse(PolicyType.class, text);
    }
}
