package dev.themis.compiler.tools;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.diag.DiagnosticRenderer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tmscli lint [--format human|json] FILE...}: compiles the files together as one
 * configuration with the real compiler (warning passes included) and prints every diagnostic. No
 * Redis needed, made for CI.
 *
 * <p>Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or an unreadable
 * file.
 */
public final class LintCommand {
    public static final int OK = 0;
    public static final int ERRORS = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: tmscli lint [--format human|json] FILE...
              Checks policy files (compiled together as one configuration).
              --format human   diagnostics with the source line and a caret (default)
              --format json    one JSON array of diagnostics on standard output
              exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable file
            """;

    private LintCommand() {}

    /**
     * @param args the arguments after {@code lint}
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String format = "human";
        List<String> files = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (options && a.equals("--")) {
                options = false;
            } else if (options && (a.equals("-h") || a.equals("--help"))) {
                out.print(USAGE_TEXT);
                return OK;
            } else if (options && a.equals("--format")) {
                if (i + 1 >= args.size()) {
                    err.println("tmscli lint: --format needs a value: human or json");
                    return USAGE;
                }
                format = args.get(++i);
            } else if (options && a.startsWith("--format=")) {
                format = a.substring("--format=".length());
            } else if (options && a.startsWith("-") && a.length() > 1) {
                err.println("tmscli lint: unknown option `" + a + "`; see `tmscli lint --help`");
                return USAGE;
            } else {
                files.add(a);
            }
        }
        if (!format.equals("human") && !format.equals("json")) {
            err.println("tmscli lint: unknown format `" + format + "`; expected human or json");
            return USAGE;
        }
        if (files.isEmpty()) {
            err.println("tmscli lint: no files given; usage: tmscli lint [--format human|json] FILE...");
            return USAGE;
        }
        List<Source> sources = new ArrayList<>();
        Map<String, String> texts = new HashMap<>();
        for (String f : files) {
            try {
                String text = Files.read(Path.of(f));
                sources.add(new Source(f, text));
                texts.put(f, text);
            } catch (IOException | java.nio.file.InvalidPathException e) {
                err.println("tmscli lint: cannot read " + f + ": " + e.getMessage());
                return USAGE;
            }
        }
        CompileResult result = Compiler.compileSources(sources);
        if (format.equals("json")) {
            out.println(DiagnosticRenderer.json(result.diagnostics()));
        } else {
            out.print(DiagnosticRenderer.human(result.diagnostics(), texts::get));
            out.println(summaryLine(files.size(), result));
        }
        return result.hasErrors() ? ERRORS : OK;
    }

    private static String summaryLine(int files, CompileResult result) {
        String checked = files == 1 ? "1 file" : files + " files";
        if (result.diagnostics().isEmpty()) {
            return checked + " checked: no problems";
        }
        return checked + " checked: " + DiagnosticRenderer.summary(result.diagnostics());
    }
}
