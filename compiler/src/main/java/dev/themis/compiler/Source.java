package dev.themis.compiler;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named source text: a {@code .tms} file, a tmscli command tail, a REPL line, or a statement
 * kept in the Redis store (then the name is its key).
 */
public record Source(String name, String text) {
    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /**
     * The source of a tmscli command tail given as separate arguments, e.g. {@code ["policy",
     * "default", "Source", "any", "Destination", "any"]} or {@code ["group", "g", "@a.example
     * 10.0.0.0/8"]}: each argument becomes one value, quoted when it has to be, so that an argument
     * with blanks (a member list, a ReplyData) stays one value as the shell gave it.
     */
    public static Source ofArguments(String name, List<String> arguments) {
        return new Source(name, arguments.stream().map(Source::quoteArgument).collect(Collectors.joining(" ")));
    }

    static String quoteArgument(String argument) {
        return dev.themis.compiler.print.Printer.quote(argument);
    }
}
