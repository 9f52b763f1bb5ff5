package dev.themis.compiler;

import dev.themis.compiler.ast.Comment;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.diag.Diagnostic;
import java.util.List;

/**
 * The statements of one file, its comments (for {@code fmt}) and the syntax diagnostics. When
 * there is a syntax error, {@link #statements()} is empty; statements with arity errors are left
 * out.
 */
public record ParseResult(List<Statement> statements, List<Comment> comments, List<Diagnostic> diagnostics) {
    public ParseResult {
        statements = List.copyOf(statements);
        comments = List.copyOf(comments);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
