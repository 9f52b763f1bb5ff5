package dev.themis.compiler.diag;

/**
 * Where something is in a source text.
 *
 * @param source the source name (a file path, {@code <command line>}, or a store key)
 * @param line 1-based line of the first character
 * @param column 1-based column of the first character (in UTF-16 code units)
 * @param start 0-based offset of the first character in the source text
 * @param end 0-based offset just after the last character ({@code end >= start})
 */
public record Span(String source, int line, int column, int start, int end) {
    public Span {
        if (line < 1 || column < 1 || start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + line + ":" + column + " [" + start + "," + end + ")");
        }
    }

    /** A span covering from the start of {@code this} to the end of {@code other}. */
    public Span to(Span other) {
        return new Span(source, line, column, start, Math.max(end, other.end));
    }

    /** An empty span at the start of a source, for diagnostics that concern a whole source. */
    public static Span startOf(String source) {
        return new Span(source, 1, 1, 0, 0);
    }
}
