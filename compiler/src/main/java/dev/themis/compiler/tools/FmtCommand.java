package dev.themis.compiler.tools;

import dev.themis.compiler.Compiler;
import dev.themis.compiler.ParseResult;
import dev.themis.compiler.Source;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.print.Printer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tmscli fmt [--check] FILE...}: rewrites policy files in canonical form, keeping comments.
 * A file with a syntax error is left untouched and reported.
 *
 * <p>Exit status: 0 every file formatted (or, with {@code --check}, already formatted), 1 a file
 * is not formatted ({@code --check}) or has syntax errors, 2 bad usage or an unreadable or
 * unwritable file.
 */
public final class FmtCommand {
    public static final int OK = 0;
    public static final int CHANGES_OR_ERRORS = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: tmscli fmt [--check] FILE...
              Rewrites policy files in canonical form (comments are kept).
              --check   change nothing; list the files that are not formatted
              exit status: 0 ok, 1 files not formatted (--check) or with syntax errors,
                           2 bad usage or unreadable file
            """;

    private FmtCommand() {}

    /** Formats one text; the caller checks {@link ParseResult#hasErrors()} first. */
    public static String format(ParseResult parsed, String text) {
        return Printer.format(parsed.statements(), parsed.comments(), text);
    }

    /**
     * @param args the arguments after {@code fmt}
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean check = false;
        boolean options = true;
        List<String> files = new ArrayList<>();
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && (a.equals("-h") || a.equals("--help"))) {
                out.print(USAGE_TEXT);
                return OK;
            } else if (options && a.equals("--check")) {
                check = true;
            } else if (options && a.startsWith("-") && a.length() > 1) {
                err.println("tmscli fmt: unknown option `" + a + "`; see `tmscli fmt --help`");
                return USAGE;
            } else {
                files.add(a);
            }
        }
        if (files.isEmpty()) {
            err.println("tmscli fmt: no files given; usage: tmscli fmt [--check] FILE...");
            return USAGE;
        }
        int status = OK;
        for (String f : files) {
            Path path;
            String text;
            try {
                path = Path.of(f);
                text = Files.read(path);
            } catch (IOException | java.nio.file.InvalidPathException e) {
                err.println("tmscli fmt: cannot read " + f + ": " + e.getMessage());
                return USAGE;
            }
            ParseResult parsed = Compiler.parseFile(new Source(f, text));
            if (parsed.hasErrors()) {
                err.print(DiagnosticRenderer.human(parsed.diagnostics(), name -> text));
                err.println(f + ": not formatted because of syntax errors");
                status = CHANGES_OR_ERRORS;
                continue;
            }
            String formatted = format(parsed, text);
            if (formatted.equals(text)) {
                continue;
            }
            if (check) {
                out.println(f + ": not formatted");
                status = CHANGES_OR_ERRORS;
                continue;
            }
            try {
                write(path, formatted);
                out.println(f + ": formatted");
            } catch (IOException e) {
                err.println("tmscli fmt: cannot write " + f + ": " + e.getMessage());
                return USAGE;
            }
        }
        return status;
    }

    /** Writes beside the file, then renames over it, so a crash never leaves half a file. */
    private static void write(Path path, String text) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = java.nio.file.Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
        try {
            java.nio.file.Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                java.nio.file.Files.setPosixFilePermissions(tmp, java.nio.file.Files.getPosixFilePermissions(path));
            } catch (UnsupportedOperationException | IOException ignored) {
                // Keep the temporary file's permissions where POSIX permissions do not exist.
            }
            try {
                java.nio.file.Files.move(
                        tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                java.nio.file.Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }
}
