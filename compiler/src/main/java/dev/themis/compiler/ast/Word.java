package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.Objects;

/**
 * One argument as written, after quotes and escapes were removed. Equality ignores the span.
 *
 * @param text the value
 * @param span where it was written
 */
public record Word(String text, Span span) {
    public Word {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(span, "span");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Word w && w.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
