package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code actionheaders POLICY MATCH_HEADER REGEXP NEW_HEADER NEW_VALUE [NEW_HEADER NEW_VALUE ...]}.
 * Equality ignores spans.
 */
public record ActionHeadersStatement(Word policy, Word matchHeader, Word regex, List<HeaderPair> newHeaders, Span span)
        implements Statement {
    public ActionHeadersStatement {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(matchHeader, "matchHeader");
        Objects.requireNonNull(regex, "regex");
        newHeaders = List.copyOf(newHeaders);
        Objects.requireNonNull(span, "span");
    }

    @Override
    public String key() {
        return "actionheaders:" + policy.text() + ":" + matchHeader.text().toLowerCase(Locale.ROOT);
    }

    @Override
    public String keyword() {
        return "actionheaders";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionHeadersStatement a
                && a.policy.equals(policy)
                && a.matchHeader.equals(matchHeader)
                && a.regex.equals(regex)
                && a.newHeaders.equals(newHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, matchHeader, regex, newHeaders);
    }
}
