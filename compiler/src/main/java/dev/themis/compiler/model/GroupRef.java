package dev.themis.compiler.model;

import java.util.Locale;

/** The value of {@code Source} or {@code Destination}: {@code any}, a group, or {@code !group}. */
public sealed interface GroupRef {
    /** Matches everything. */
    record Any() implements GroupRef {
        @Override
        public String spelling() {
            return "any";
        }
    }

    /**
     * A group (name lowercased: group names are case-insensitive), possibly negated.
     *
     * @param group lowercase group name
     * @param negated true for {@code !group}
     */
    record Named(String group, boolean negated) implements GroupRef {
        public Named {
            group = group.toLowerCase(Locale.ROOT);
        }

        @Override
        public String spelling() {
            return (negated ? "!" : "") + group;
        }
    }

    GroupRef ANY = new Any();

    String spelling();
}
