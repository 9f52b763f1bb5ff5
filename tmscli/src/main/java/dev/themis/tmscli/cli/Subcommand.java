package dev.themis.tmscli.cli;

import java.util.List;

/**
 * A command that is not part of the original command line ({@code push}, {@code export}, ...).
 *
 * @param name its word
 * @param synopsis the usage line without {@code tmscli}
 * @param summary one line for help texts
 * @param options its own options
 * @param positionals the kinds of its positional arguments, in order
 * @param minPositionals how many positionals are required
 * @param repeatLast whether the last positional may repeat
 */
public record Subcommand(
        String name,
        String synopsis,
        String summary,
        List<OptionSpec> options,
        List<ArgKind> positionals,
        int minPositionals,
        boolean repeatLast) {
    public Subcommand {
        options = List.copyOf(options);
        positionals = List.copyOf(positionals);
    }
}
