package dev.themis.compiler.parse;

import dev.themis.compiler.diag.Span;
import java.util.ArrayList;
import java.util.List;

/** Turns offsets of a text into spans with 1-based line and column (UTF-16 units). */
public final class SourceText {
    private final String name;
    private final String text;
    private final int[] lineStarts;
    private final int @org.jspecify.annotations.Nullable [] codePointToChar;

    public SourceText(String name, String text) {
        this.name = name;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        if (text.codePoints().count() != text.length()) {
            int[] map = new int[text.codePointCount(0, text.length()) + 1];
            int cp = 0;
            for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
                map[cp++] = i;
            }
            map[cp] = text.length();
            this.codePointToChar = map;
        } else {
            this.codePointToChar = null;
        }
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** A UTF-16 offset for an ANTLR (code point) index. */
    public int charOffset(int codePointIndex) {
        int[] map = codePointToChar;
        if (map == null) {
            return Math.min(Math.max(codePointIndex, 0), text.length());
        }
        return map[Math.min(Math.max(codePointIndex, 0), map.length - 1)];
    }

    /** A span for UTF-16 offsets {@code [start, end)}. */
    public Span span(int start, int end) {
        int s = Math.min(Math.max(start, 0), text.length());
        int e = Math.min(Math.max(end, s), text.length());
        int line = lineOf(s);
        return new Span(name, line + 1, s - lineStarts[line] + 1, s, e);
    }

    private int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
