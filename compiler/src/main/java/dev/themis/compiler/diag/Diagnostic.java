package dev.themis.compiler.diag;

import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finding of the parser, the checks or the lint passes.
 *
 * @param code stable code, see {@code docs/diagnostics.md}
 * @param severity error or warning (always {@link Code#severity()})
 * @param message one lowercase line; user input in backticks
 * @param help an optional hint such as "did you mean `JailSpec`?"; null when there is none
 * @param span where in the source
 */
public record Diagnostic(
        Code code,
        Severity severity,
        String message,
        @Nullable String help,
        Span span) {

    /** Source order: source name, offset, then code. */
    public static final Comparator<Diagnostic> ORDER = Comparator.comparing(
                    (Diagnostic d) -> d.span().source())
            .thenComparingInt(d -> d.span().start())
            .thenComparing(Diagnostic::code)
            .thenComparing(Diagnostic::message);

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(span, "span");
    }

    /** A diagnostic with the code's own severity. */
    public static Diagnostic of(Code code, String message, @Nullable String help, Span span) {
        return new Diagnostic(code, code.severity(), message, help, span);
    }

    public static Diagnostic of(Code code, String message, Span span) {
        return of(code, message, null, span);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
