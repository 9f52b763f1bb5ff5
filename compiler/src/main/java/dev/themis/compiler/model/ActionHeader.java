package dev.themis.compiler.model;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * When a message has header {@link #matchHeader()} and its value matches {@link #regex()}, add
 * {@link #newHeaders()}. The regular expression is compiled with RE2/J: matching takes linear
 * time, there is no catastrophic backtracking (spec section 12).
 */
public final class ActionHeader {
    private final String matchHeader;
    private final String regex;
    private final Pattern pattern;
    private final List<NewHeader> newHeaders;

    /**
     * @throws com.google.re2j.PatternSyntaxException when {@code regex} does not compile (the
     *     compiler checks first and reports TMS040)
     */
    public ActionHeader(String matchHeader, String regex, List<NewHeader> newHeaders) {
        this.matchHeader = Objects.requireNonNull(matchHeader, "matchHeader");
        this.regex = Objects.requireNonNull(regex, "regex");
        this.pattern = Pattern.compile(regex);
        this.newHeaders = List.copyOf(newHeaders);
    }

    /** The header name to look for, as written (compare case-insensitively). */
    public String matchHeader() {
        return matchHeader;
    }

    public String regex() {
        return regex;
    }

    public List<NewHeader> newHeaders() {
        return newHeaders;
    }

    /** True when {@code headerName} is the match header (case-insensitive). */
    public boolean appliesTo(String headerName) {
        return matchHeader.equalsIgnoreCase(headerName);
    }

    /** True when the regex matches somewhere in {@code headerValue} (unanchored search). */
    public boolean matches(String headerValue) {
        return pattern.matcher(headerValue).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionHeader a
                && a.matchHeader.equals(matchHeader)
                && a.regex.equals(regex)
                && a.newHeaders.equals(newHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(matchHeader, regex, newHeaders);
    }

    @Override
    public String toString() {
        return "ActionHeader[" + matchHeader + " ~ " + regex + " -> " + newHeaders + "]";
    }
}
