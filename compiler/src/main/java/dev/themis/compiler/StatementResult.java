package dev.themis.compiler;

import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.diag.Diagnostic;
import java.util.List;
import java.util.Optional;

/** Exactly one statement, or the diagnostics explaining why there is none. */
public record StatementResult(Optional<Statement> statement, List<Diagnostic> diagnostics) {
    public StatementResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
