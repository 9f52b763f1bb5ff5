package dev.themis.tmscli.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One parsed command line. */
public sealed interface Invocation {

    /**
     * A form of the original command line, e.g. {@code -a --policy default Source any Destination any}.
     *
     * @param action -a, -d, -m, -g or -f
     * @param family --policy, --group, ...
     * @param operands everything else, in order
     * @param remove {@code --remove} was given
     * @param clear {@code --clear} was given
     */
    record Legacy(Action action, Family family, List<String> operands, boolean remove, boolean clear)
            implements Invocation {
        public Legacy {
            operands = List.copyOf(operands);
        }
    }

    /**
     * A statement typed in the shell ({@code policy default Source any Destination any}): stored as
     * is, added or replaced.
     */
    record Store(List<String> words) implements Invocation {
        public Store {
            words = List.copyOf(words);
        }
    }

    /** No arguments at all: the shell on a terminal, help otherwise. */
    record Nothing() implements Invocation {}

    record Help(@Nullable String topic) implements Invocation {}

    record Version() implements Invocation {}

    record Push(List<String> files, boolean dryRun) implements Invocation {
        public Push {
            files = List.copyOf(files);
        }
    }

    record Export() implements Invocation {}

    record Diff(List<String> files) implements Invocation {
        public Diff {
            files = List.copyOf(files);
        }
    }

    /** {@code lint} and {@code fmt} hand their arguments to the compiler's tools unchanged. */
    record Lint(List<String> args) implements Invocation {
        public Lint {
            args = List.copyOf(args);
        }
    }

    record Fmt(List<String> args) implements Invocation {
        public Fmt {
            args = List.copyOf(args);
        }
    }

    record Shell() implements Invocation {}

    record Completion(String shell) implements Invocation {}

    record Usage(String object) implements Invocation {}

    record Blocked() implements Invocation {}

    record Unblock(String object) implements Invocation {}

    record Reset(String object, @Nullable String policy) implements Invocation {}

    record OverrideSet(String object, String policy, String jailSpec) implements Invocation {}

    record OverrideRemove(String object, String policy) implements Invocation {}

    record OverrideList(@Nullable String object) implements Invocation {}

    record Monitor(@Nullable String policy, long lastSeconds, boolean table) implements Invocation {}
}
