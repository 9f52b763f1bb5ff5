package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.Objects;

/**
 * One {@code Name Value} pair of a policy statement. Known attribute names and enumerated values
 * are stored in their canonical spelling (so {@code jailby sender+} and {@code JailBy Sender+} are
 * equal); unknown ones are kept as written for the checks to report. Equality ignores the span.
 */
public record Attribute(Word name, Word value, Span span) {
    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(span, "span");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attribute a && a.name.equals(name) && a.value.equals(value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + value.hashCode();
    }
}
