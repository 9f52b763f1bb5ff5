package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.List;
import java.util.Objects;

/**
 * {@code pool NAME server ...}: the MTA host names of a pool. A quoted argument holding several
 * names separated by blanks is split into one {@link Word} per name. Equality ignores spans.
 */
public record PoolStatement(Word name, List<Word> servers, Span span) implements Statement {
    public PoolStatement {
        Objects.requireNonNull(name, "name");
        servers = List.copyOf(servers);
        Objects.requireNonNull(span, "span");
    }

    @Override
    public String key() {
        return "pool:" + name.text();
    }

    @Override
    public String keyword() {
        return "pool";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolStatement p && p.name.equals(name) && p.servers.equals(servers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, servers);
    }
}
