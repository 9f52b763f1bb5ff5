package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code metadata OBJECT KEY VALUE}: per-object state such as {@code manual_block TRUE}. OBJECT is
 * a SASL login, a sender address, a sender domain or a client IP. Equality ignores spans.
 */
public record MetadataStatement(Word object, Word metadataKey, Word value, Span span) implements Statement {
    public MetadataStatement {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(metadataKey, "metadataKey");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(span, "span");
    }

    @Override
    public String key() {
        return "metadata:" + object.text().toLowerCase(Locale.ROOT) + ":" + metadataKey.text();
    }

    @Override
    public String keyword() {
        return "metadata";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetadataStatement m
                && m.object.equals(object)
                && m.metadataKey.equals(metadataKey)
                && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(object, metadataKey, value);
    }
}
