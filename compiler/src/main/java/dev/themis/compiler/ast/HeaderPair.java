package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.Objects;

/** A {@code NEW_HEADER NEW_VALUE} pair of an actionheaders statement. Equality ignores the span. */
public record HeaderPair(Word name, Word value, Span span) {
    public HeaderPair {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(span, "span");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderPair h && h.name.equals(name) && h.value.equals(value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + value.hashCode();
    }
}
