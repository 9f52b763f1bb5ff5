package dev.themis.runtime.spf;

import java.util.Locale;

/** The result of an SPF check, as named by RFC 7208 section 2.6. */
public enum SpfResult {
    PASS,
    FAIL,
    SOFTFAIL,
    NEUTRAL,
    NONE,
    /** A transient DNS problem (timeout, SERVFAIL): the check may succeed later. */
    TEMPERROR,
    /** The domain's published records cannot be interpreted. */
    PERMERROR;

    /** The lowercase keyword used in {@code Received-SPF} and logs, e.g. {@code softfail}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a keyword as jSPF reports it; anything unknown is a {@link #PERMERROR}. */
    static SpfResult fromKeyword(String keyword) {
        return switch (keyword.trim().toLowerCase(Locale.ROOT)) {
            case "pass" -> PASS;
            case "fail" -> FAIL;
            case "softfail" -> SOFTFAIL;
            case "neutral" -> NEUTRAL;
            case "none" -> NONE;
            case "temperror", "error" -> TEMPERROR;
            default -> PERMERROR;
        };
    }
}
