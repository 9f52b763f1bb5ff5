package dev.themis.tmscli.shell;

import dev.themis.tmscli.cli.Completions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.FileNameCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: one tmscli command (without {@code tmscli}) or one statement per line,
 * TAB completion from {@link Completions}, persistent history, multi-line input (open quotes or a
 * trailing backslash continue the line). A failing command prints its error and the session goes
 * on.
 */
public final class Shell {
    private final Path historyFile;
    private final Supplier<Completions.Names> names;
    private final Function<List<String>, Integer> execute;

    /**
     * @param historyFile where history persists
     * @param names the stored names, asked at each TAB (the caller caches)
     * @param execute runs the words of one line like a command line and returns its status; it
     *     prints its own errors and never throws
     */
    public Shell(Path historyFile, Supplier<Completions.Names> names, Function<List<String>, Integer> execute) {
        this.historyFile = historyFile;
        this.names = names;
        this.execute = execute;
    }

    public int run(PrintStream out) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            ShellParser parser = new ShellParser();
            FileNameCompleter files = new FileNameCompleter();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("tmscli")
                    .parser(parser)
                    .completer((r, line, candidates) -> complete(r, line, candidates, files))
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P...> ")
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.AUTO_FRESH_LINE, true)
                    .build();
            out.println("tmscli shell: commands without `tmscli`, or statements such as"
                    + " `policy default Source any Destination any`. TAB completes; `help`; `exit` or Ctrl-D ends.");
            while (true) {
                String line;
                try {
                    line = reader.readLine("tmscli> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                ParsedLine parsed = reader.getParsedLine();
                // A backslash before a line break continues the line, as in a shell: the break goes.
                List<String> words = parsed == null
                        ? List.of()
                        : parsed.words().stream()
                                .map(w -> w.replace("\r", "").replace("\n", ""))
                                .filter(w -> !w.isEmpty())
                                .toList();
                if (line.isBlank() || words.isEmpty()) {
                    continue;
                }
                String first = words.getFirst();
                if (words.size() == 1 && (first.equals("exit") || first.equals("quit"))) {
                    break;
                }
                if (first.equals("shell")) {
                    out.println("already in the shell");
                    continue;
                }
                int unused = execute.apply(words);
            }
            reader.getHistory().save();
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the terminal", e);
        }
    }

    private void complete(LineReader reader, ParsedLine line, List<Candidate> candidates, FileNameCompleter files) {
        List<String> words = line.words();
        int index = Math.min(line.wordIndex(), words.size());
        List<String> before = words.subList(0, index);
        String current = index < words.size()
                ? words.get(index)
                        .substring(
                                0, Math.min(line.wordCursor(), words.get(index).length()))
                : "";
        Completions.Result r;
        try {
            r = Completions.complete(before, current, names.get(), true);
        } catch (RuntimeException e) {
            r = Completions.complete(before, current, Completions.Names.NONE, true);
        }
        for (String w : r.words()) {
            candidates.add(new Candidate(w, w, null, null, null, null, true));
        }
        if (r.files()) {
            files.complete(reader, line, candidates);
        }
    }
}
