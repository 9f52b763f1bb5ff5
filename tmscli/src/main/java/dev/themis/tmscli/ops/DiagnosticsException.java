package dev.themis.tmscli.ops;

/** The compiler found errors; {@link #getMessage()} is the rendered diagnostics, ready to print. */
public final class DiagnosticsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DiagnosticsException(String rendered) {
        super(rendered);
    }
}
