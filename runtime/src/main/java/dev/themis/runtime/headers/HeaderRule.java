package dev.themis.runtime.headers;

import com.google.re2j.Pattern;
import dev.themis.runtime.Header;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One ActionHeaders entry of a policy: when the message has a header named {@code matchHeader}
 * (case-insensitive) whose value matches {@code regex} anywhere (use {@code ^...$} to anchor), add
 * {@code newHeaders} in order.
 *
 * <p>The regex is an re2j pattern: matching time is linear in the header length, and
 * back-references and look-around (which need backtracking) cannot be written.
 */
public record HeaderRule(String matchHeader, Pattern regex, List<Header> newHeaders) {

    public HeaderRule {
        checkName(matchHeader);
        Objects.requireNonNull(regex, "regex");
        newHeaders = List.copyOf(newHeaders);
        if (newHeaders.isEmpty()) {
            throw new IllegalArgumentException("an action header rule adds at least one header");
        }
        for (Header h : newHeaders) {
            checkName(h.name());
            checkValue(h.value());
        }
    }

    /**
     * Compiles a rule from the administrator's text.
     *
     * @throws com.google.re2j.PatternSyntaxException when the regex is invalid or needs backtracking
     *     (back-references, look-around)
     * @throws IllegalArgumentException when a header name or value cannot be written in a message
     */
    public static HeaderRule compile(String matchHeader, String regex, List<Header> newHeaders) {
        return new HeaderRule(matchHeader, Pattern.compile(regex), newHeaders);
    }

    /** The match header in lower case, the key rules are looked up by. */
    String key() {
        return matchHeader.toLowerCase(Locale.ROOT);
    }

    /** RFC 5322 section 3.6.8: printable US-ASCII except colon. */
    static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new IllegalArgumentException(
                        "invalid header name `" + name + "`: only printable ASCII without `:`");
            }
        }
    }

    /** A value we add must stay one header: no CR, LF or NUL. */
    static void checkValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header value must not contain CR, LF or NUL");
            }
        }
    }
}
