package dev.themis.tmscli.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One option: its names and, when it takes a value, what kind of value.
 *
 * @param names every spelling, long form first
 * @param arg the kind of its value, or null for a switch
 * @param help one line for help texts
 */
public record OptionSpec(List<String> names, @Nullable ArgKind arg, String help) {
    public OptionSpec {
        names = List.copyOf(names);
    }

    public static OptionSpec flag(String name, String help) {
        return new OptionSpec(List.of(name), null, help);
    }

    public static OptionSpec flag(String name, String alias, String help) {
        return new OptionSpec(List.of(name, alias), null, help);
    }

    public static OptionSpec valued(String name, ArgKind arg, String help) {
        return new OptionSpec(List.of(name), arg, help);
    }

    public String name() {
        return names.getFirst();
    }

    public boolean takesValue() {
        return arg != null;
    }

    public boolean matches(String token) {
        return names.contains(token);
    }
}
