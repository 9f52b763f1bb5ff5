package dev.themis.compiler;

import dev.themis.compiler.decision.PolicyIndex;
import dev.themis.compiler.diag.Diagnostic;
import dev.themis.compiler.model.PolicySet;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a compile: the policy set (empty iff there is an error), its decision index, and
 * every diagnostic (errors and warnings, sorted, errors capped at {@link Compiler#MAX_ERRORS}).
 */
public record CompileResult(Optional<PolicySet> policySet, Optional<PolicyIndex> index, List<Diagnostic> diagnostics) {
    public CompileResult {
        diagnostics = List.copyOf(diagnostics);
        if (policySet.isPresent() == diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new IllegalArgumentException("a policy set exists iff there is no error");
        }
    }

    /** A result whose index is built from the policy set. */
    public CompileResult(Optional<PolicySet> policySet, List<Diagnostic> diagnostics) {
        this(policySet, policySet.map(PolicyIndex::build), diagnostics);
    }

    public boolean hasErrors() {
        return policySet.isEmpty();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
