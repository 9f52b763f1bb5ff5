package dev.themis.tmscli.ops;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.ParseResult;
import dev.themis.compiler.Source;
import dev.themis.compiler.StatementResult;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.diag.Diagnostic;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.model.PolicySet;
import dev.themis.compiler.print.Printer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** tmscli's only door into the compiler: parse, print, compile, render diagnostics. */
public final class Lang {
    private Lang() {}

    /** The source name of statements typed on the command line. */
    public static final String COMMAND_LINE = "<command line>";

    /** One statement from command-line words such as {@code [policy, default, Source, any, ...]}. */
    public static Statement parseWords(List<String> words) {
        return parse(Source.ofArguments(COMMAND_LINE, words));
    }

    /** Exactly one statement, or the diagnostics as an exception. */
    public static Statement parse(Source source) {
        StatementResult r = Compiler.parseStatement(source);
        List<Diagnostic> errors =
                r.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty() || r.statement().isEmpty()) {
            throw new DiagnosticsException(render(errors, Map.of(source.name(), source.text())));
        }
        return r.statement().get();
    }

    /** The statements of a whole file, or the diagnostics as an exception. */
    public static List<Statement> parseFile(Source source) {
        ParseResult r = Compiler.parseFile(source);
        List<Diagnostic> errors =
                r.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            throw new DiagnosticsException(render(errors, Map.of(source.name(), source.text())));
        }
        return r.statements();
    }

    public static String print(Statement statement) {
        return Printer.print(statement);
    }

    public static String print(List<Statement> statements) {
        return Printer.print(statements);
    }

    /** A compiled configuration, or why not. */
    public record Compiled(Optional<PolicySet> policySet, List<Diagnostic> diagnostics, Map<String, String> sources) {
        public List<Diagnostic> errors() {
            return diagnostics.stream().filter(Diagnostic::isError).toList();
        }

        public String render(List<Diagnostic> which) {
            return Lang.render(which, sources);
        }
    }

    /** Parses every stored statement (source name = its key) and compiles them together. */
    public static Compiled compile(Map<String, String> statements) {
        return compile(statements, Map.of());
    }

    /**
     * @param names source names to show instead of the key (a statement typed on the command line
     *     is shown as {@link #COMMAND_LINE})
     */
    public static Compiled compile(Map<String, String> statements, Map<String, String> names) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<Statement> parsed = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Map.Entry<String, String> e : statements.entrySet()) {
            String name = names.getOrDefault(e.getKey(), e.getKey());
            sources.put(name, e.getValue());
            StatementResult r = Compiler.parseStatement(new Source(name, e.getValue()));
            diagnostics.addAll(r.diagnostics());
            r.statement().ifPresent(parsed::add);
        }
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Compiled(Optional.empty(), diagnostics, sources);
        }
        CompileResult c = Compiler.compile(parsed);
        diagnostics.addAll(c.diagnostics());
        return new Compiled(c.policySet(), diagnostics, sources);
    }

    /**
     * Errors of one command-line statement on its own, located in its attributes (or other
     * arguments after the name): unknown attributes, bad values, unknown groups. Errors about the
     * statement as a whole (a missing Source in a {@code -m} that does not repeat it) are left to
     * the check of the merged configuration.
     */
    public static List<Diagnostic> argumentErrors(List<String> words, Map<String, String> stored) {
        Source source = Source.ofArguments(COMMAND_LINE, words);
        StatementResult r = Compiler.parseStatement(source);
        if (r.statement().isEmpty()) {
            return List.of();
        }
        Statement st = r.statement().get();
        int from = firstArgumentOffset(st);
        List<Statement> all = new ArrayList<>();
        for (Statement other : statements(stored)) {
            if (!other.key().equals(st.key())) {
                all.add(other);
            }
        }
        all.add(st);
        return Compiler.compile(all).errors().stream()
                .filter(d -> d.span().source().equals(COMMAND_LINE) && d.span().start() >= from)
                .toList();
    }

    /** Renders diagnostics of a command-line statement built from {@code words}. */
    public static String renderArguments(List<Diagnostic> diagnostics, List<String> words) {
        return render(
                diagnostics,
                Map.of(COMMAND_LINE, Source.ofArguments(COMMAND_LINE, words).text()));
    }

    private static int firstArgumentOffset(Statement st) {
        return switch (st) {
            case dev.themis.compiler.ast.PolicyStatement p -> p.name().span().end();
            case dev.themis.compiler.ast.GroupStatement g -> g.name().span().end();
            case dev.themis.compiler.ast.PoolStatement p -> p.name().span().end();
            case dev.themis.compiler.ast.ActionHeadersStatement a ->
                a.policy().span().end();
            case dev.themis.compiler.ast.FeatureStatement f ->
                f.namespace().span().end();
            case dev.themis.compiler.ast.MetadataStatement m ->
                m.object().span().end();
        };
    }

    /** Compiles statements read from files (push, diff). */
    public static Compiled compileStatements(List<Statement> statements, Map<String, String> sources) {
        CompileResult c = Compiler.compile(statements);
        return new Compiled(c.policySet(), c.diagnostics(), sources);
    }

    /** Parsed statements of a stored configuration; statements that do not parse are skipped. */
    public static List<Statement> statements(Map<String, String> statements) {
        List<Statement> out = new ArrayList<>();
        for (Map.Entry<String, String> e : statements.entrySet()) {
            Compiler.parseStatement(new Source(e.getKey(), e.getValue()))
                    .statement()
                    .ifPresent(out::add);
        }
        return out;
    }

    public static String render(List<Diagnostic> diagnostics, Map<String, String> sources) {
        return DiagnosticRenderer.human(diagnostics, sources::get);
    }
}
