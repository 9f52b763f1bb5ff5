package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.Objects;

/**
 * {@code features NAMESPACE KEY VALUE}; NAMESPACE is {@code global} or a pool name. A known
 * feature key is stored in its canonical spelling. Equality ignores spans.
 */
public record FeatureStatement(Word namespace, Word feature, Word value, Span span) implements Statement {
    public FeatureStatement {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(span, "span");
    }

    @Override
    public String key() {
        return "features:" + namespace.text() + ":" + feature.text();
    }

    @Override
    public String keyword() {
        return "features";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureStatement f
                && f.namespace.equals(namespace)
                && f.feature.equals(feature)
                && f.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, feature, value);
    }
}
