package dev.themis.tmscli.json;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes plain Java values as JSON: {@link Map} (insertion order kept), {@link Collection}, {@link
 * CharSequence}, {@link Number}, {@link Boolean} and {@code null}. Anything else is written as its
 * string form. Output is indented by two spaces, or compact on one line.
 */
public final class Json {
    private Json() {}

    /** Indented JSON (what {@code tmscli -g} prints). */
    public static String pretty(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, true, 0);
        return out.toString();
    }

    /** One-line JSON (what {@code tmscli -g --json} prints). */
    public static String compact(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, false, 0);
        return out.toString();
    }

    public static String render(@Nullable Object value, boolean compact) {
        return compact ? compact(value) : pretty(value);
    }

    private static void write(StringBuilder out, @Nullable Object value, boolean pretty, int depth) {
        switch (value) {
            case null -> out.append("null");
            case CharSequence s -> quote(out, s.toString());
            case Boolean b -> out.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> out.append("null");
            case Float f when f.isNaN() || f.isInfinite() -> out.append("null");
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    newline(out, pretty, depth + 1);
                    quote(out, String.valueOf(e.getKey()));
                    out.append(pretty ? ": " : ":");
                    write(out, e.getValue(), pretty, depth + 1);
                }
                newline(out, pretty, depth);
                out.append('}');
            }
            case Collection<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    newline(out, pretty, depth + 1);
                    write(out, item, pretty, depth + 1);
                }
                newline(out, pretty, depth);
                out.append(']');
            }
            default -> quote(out, value.toString());
        }
    }

    private static void newline(StringBuilder out, boolean pretty, int depth) {
        if (pretty) {
            out.append('\n');
            out.append("  ".repeat(depth));
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
