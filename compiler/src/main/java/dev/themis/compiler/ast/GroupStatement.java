package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code group NAME member ...}. Members are {@code @domain}, {@code user@domain}, IPv4/IPv6
 * addresses and CIDRs; a quoted argument holding several members separated by blanks is split
 * into one {@link Word} per member. Equality ignores spans.
 */
public record GroupStatement(Word name, List<Word> members, Span span) implements Statement {
    public GroupStatement {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        Objects.requireNonNull(span, "span");
    }

    @Override
    public String key() {
        return "group:" + name.text().toLowerCase(Locale.ROOT);
    }

    @Override
    public String keyword() {
        return "group";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupStatement g && g.name.equals(name) && g.members.equals(members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, members);
    }
}
