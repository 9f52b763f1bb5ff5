package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.List;
import java.util.Objects;

/**
 * {@code policy NAME Attribute Value ...}. NAME is {@code NAME} (a global policy) or {@code
 * POOL:NAME} (a policy of pool POOL). Equality ignores spans.
 */
public record PolicyStatement(Word name, List<Attribute> attributes, Span span) implements Statement {
    public PolicyStatement {
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(span, "span");
    }

    @Override
    public String key() {
        return "policy:" + name.text();
    }

    @Override
    public String keyword() {
        return "policy";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyStatement p && p.name.equals(name) && p.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, attributes);
    }
}
