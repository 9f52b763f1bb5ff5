package dev.themis.compiler;

import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.check.Checker;
import dev.themis.compiler.diag.Code;
import dev.themis.compiler.diag.Diagnostic;
import dev.themis.compiler.parse.StatementParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy compiler: source → AST → checks → {@link dev.themis.compiler.model.PolicySet} and
 * {@link dev.themis.compiler.decision.PolicyIndex}. Pure and thread-safe; no I/O.
 */
public final class Compiler {
    /** At most this many errors are reported; then one TMS090 says how many more there were. */
    public static final int MAX_ERRORS = 20;

    private Compiler() {}

    /** Parses a whole {@code .tms} file. */
    public static ParseResult parseFile(Source source) {
        StatementParser.Result r = StatementParser.parseFile(source.name(), source.text());
        return new ParseResult(r.statements(), r.comments(), r.diagnostics());
    }

    /**
     * Parses exactly one statement: a tmscli command tail such as {@code policy default Source any
     * Destination any}, or one REPL line. See {@link Source#ofArguments} for argument lists.
     */
    public static StatementResult parseStatement(Source source) {
        StatementParser.Result r = StatementParser.parseSingle(source.name(), source.text());
        Optional<Statement> s = r.statements().size() == 1 && r.diagnostics().isEmpty()
                ? Optional.of(r.statements().getFirst())
                : Optional.empty();
        return new StatementResult(s, r.diagnostics());
    }

    /**
     * Checks a whole configuration and builds the policy set. The statements may come from files
     * or from the store; their keys must be unique (TMS012 otherwise).
     */
    public static CompileResult compile(List<Statement> statements) {
        Checker.Result r = Checker.check(statements);
        return new CompileResult(Optional.ofNullable(r.policySet()), limit(r.diagnostics()));
    }

    /**
     * Parses every source, then compiles all their statements together as one configuration.
     * (Named {@code compileSources} because {@code compile(List<Source>)} would erase to the same
     * signature as {@code compile(List<Statement>)}.)
     */
    public static CompileResult compileSources(List<Source> sources) {
        List<Statement> statements = new ArrayList<>();
        List<Diagnostic> parseDiagnostics = new ArrayList<>();
        for (Source s : sources) {
            ParseResult p = parseFile(s);
            statements.addAll(p.statements());
            parseDiagnostics.addAll(p.diagnostics());
        }
        Checker.Result r = Checker.check(statements);
        List<Diagnostic> all = new ArrayList<>(parseDiagnostics);
        all.addAll(r.diagnostics());
        boolean failed = all.stream().anyMatch(Diagnostic::isError);
        return new CompileResult(failed ? Optional.empty() : Optional.ofNullable(r.policySet()), limit(all));
    }

    /** At most this many warnings are reported; then one TMS190 says how many more there were. */
    public static final int MAX_WARNINGS = 50;

    /** Sorts diagnostics and keeps the first {@link #MAX_ERRORS} errors and {@link #MAX_WARNINGS} warnings. */
    static List<Diagnostic> limit(List<Diagnostic> diagnostics) {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(Diagnostic.ORDER);
        List<Diagnostic> out = new ArrayList<>();
        int errors = 0;
        int warnings = 0;
        Diagnostic firstDroppedError = null;
        Diagnostic firstDroppedWarning = null;
        int droppedErrors = 0;
        int droppedWarnings = 0;
        for (Diagnostic d : sorted) {
            if (d.isError()) {
                if (errors == MAX_ERRORS) {
                    droppedErrors++;
                    if (firstDroppedError == null) {
                        firstDroppedError = d;
                    }
                    continue;
                }
                errors++;
            } else {
                if (warnings == MAX_WARNINGS) {
                    droppedWarnings++;
                    if (firstDroppedWarning == null) {
                        firstDroppedWarning = d;
                    }
                    continue;
                }
                warnings++;
            }
            out.add(d);
        }
        if (firstDroppedError != null) {
            out.add(Diagnostic.of(
                    Code.TMS090,
                    "too many errors; " + droppedErrors + " more not shown",
                    "fix the errors above and run again",
                    firstDroppedError.span()));
        }
        if (firstDroppedWarning != null) {
            out.add(Diagnostic.of(
                    Code.TMS190,
                    "too many warnings; " + droppedWarnings + " more not shown",
                    null,
                    firstDroppedWarning.span()));
        }
        return out;
    }
}
