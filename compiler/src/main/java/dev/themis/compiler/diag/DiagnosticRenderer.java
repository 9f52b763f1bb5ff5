package dev.themis.compiler.diag;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Renders diagnostics for people and for machines.
 *
 * <p>Human form:
 *
 * <pre>
 * policies/outbound.tms:3:45: TMS020: unknown attribute `JailBySpec`
 *     policy outbound Source any Destination any JailBySpec 100:3600
 *                                                ^^^^^^^^^^
 *     help: did you mean `JailSpec`?
 * </pre>
 *
 * Warnings read {@code file:line:col: TMS100: warning: ...}. JSON form: an array of objects with
 * {@code source, line, column, start, end, code, severity, message, help}.
 */
public final class DiagnosticRenderer {
    private static final String INDENT = "    ";

    /** Longest source line shown; longer lines are cut around the span. */
    static final int MAX_LINE = 160;

    private DiagnosticRenderer() {}

    /** One diagnostic; {@code sourceText} is the text its span points into (null: no snippet). */
    public static String human(Diagnostic d, @Nullable String sourceText) {
        StringBuilder sb = new StringBuilder();
        Span s = d.span();
        sb.append(s.source())
                .append(':')
                .append(s.line())
                .append(':')
                .append(s.column())
                .append(": ")
                .append(d.code().name())
                .append(": ");
        if (!d.isError()) {
            sb.append("warning: ");
        }
        sb.append(visible(d.message())).append('\n');
        if (sourceText != null && s.start() <= sourceText.length()) {
            int lineStart = s.start() - (s.column() - 1);
            if (lineStart >= 0) {
                int lineEnd = lineStart;
                while (lineEnd < sourceText.length()
                        && sourceText.charAt(lineEnd) != '\n'
                        && sourceText.charAt(lineEnd) != '\r') {
                    lineEnd++;
                }
                // Long lines are cut to a window around the span.
                int from = lineStart;
                int to = lineEnd;
                String prefix = "";
                String suffix = "";
                if (lineEnd - lineStart > MAX_LINE) {
                    from = Math.max(lineStart, Math.min(s.start(), lineEnd) - MAX_LINE / 3);
                    to = Math.min(lineEnd, from + MAX_LINE);
                    prefix = from > lineStart ? "..." : "";
                    suffix = to < lineEnd ? "..." : "";
                }
                sb.append(INDENT)
                        .append(prefix)
                        .append(visible(sourceText.substring(from, to)))
                        .append(suffix)
                        .append('\n');
                StringBuilder caret = new StringBuilder(INDENT).append(" ".repeat(prefix.length()));
                for (int i = from; i < s.start() && i < to; i++) {
                    caret.append(sourceText.charAt(i) == '\t' ? '\t' : ' ');
                }
                int width = Math.max(1, Math.min(s.end(), to) - Math.max(s.start(), from));
                caret.append("^".repeat(width));
                sb.append(caret).append('\n');
            }
        }
        if (d.help() != null) {
            sb.append(INDENT).append("help: ").append(visible(d.help())).append('\n');
        }
        return sb.toString();
    }

    /** Control characters (other than tab) shown as {@code ?}, one for one, so carets still line up. */
    private static String visible(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Every diagnostic in human form; {@code textOf} maps a source name to its text. */
    public static String human(List<Diagnostic> diagnostics, Function<String, @Nullable String> textOf) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            sb.append(human(d, textOf.apply(d.span().source())));
        }
        return sb.toString();
    }

    /** A summary line such as {@code 2 errors, 1 warning}. */
    public static String summary(List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        long warnings = diagnostics.size() - errors;
        return errors
                + (errors == 1 ? " error, " : " errors, ")
                + warnings
                + (warnings == 1 ? " warning" : " warnings");
    }

    /** Every diagnostic as one JSON array (one object per line, for grep-friendliness). */
    public static String json(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < diagnostics.size(); i++) {
            sb.append(i == 0 ? "\n  " : ",\n  ").append(json(diagnostics.get(i)));
        }
        return sb.append(diagnostics.isEmpty() ? "]" : "\n]").toString();
    }

    /** One diagnostic as a JSON object. */
    public static String json(Diagnostic d) {
        Span s = d.span();
        StringBuilder sb = new StringBuilder("{");
        field(sb, "source", s.source()).append(',');
        sb.append("\"line\":").append(s.line()).append(',');
        sb.append("\"column\":").append(s.column()).append(',');
        sb.append("\"start\":").append(s.start()).append(',');
        sb.append("\"end\":").append(s.end()).append(',');
        field(sb, "code", d.code().name()).append(',');
        field(sb, "severity", d.severity().word()).append(',');
        field(sb, "message", d.message()).append(',');
        if (d.help() == null) {
            sb.append("\"help\":null");
        } else {
            field(sb, "help", d.help());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        return quote(sb, value);
    }

    /** Appends {@code value} as a JSON string. */
    public static StringBuilder quote(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
