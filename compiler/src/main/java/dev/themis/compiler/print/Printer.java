package dev.themis.compiler.print;

import dev.themis.compiler.ast.ActionHeadersStatement;
import dev.themis.compiler.ast.Attribute;
import dev.themis.compiler.ast.Comment;
import dev.themis.compiler.ast.FeatureStatement;
import dev.themis.compiler.ast.GroupStatement;
import dev.themis.compiler.ast.HeaderPair;
import dev.themis.compiler.ast.MetadataStatement;
import dev.themis.compiler.ast.PolicyStatement;
import dev.themis.compiler.ast.PoolStatement;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.ast.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes canonical {@code .tms} text. For every statement {@code s}, parsing {@code print(s)} gives
 * a statement equal to {@code s}.
 *
 * <p>Canonical form: keyword in lowercase, one blank between values, a value quoted with {@code
 * "..."} only when it must be, known attribute names, feature keys and enumerated values in their
 * canonical spelling (the parser already canonicalises them). In files, a statement longer than
 * {@link #WIDTH} columns continues on lines indented by four blanks.
 */
public final class Printer {
    /** Line width at which file output wraps long statements. */
    public static final int WIDTH = 100;

    private static final String INDENT = "    ";

    private static final java.util.Set<String> KEYWORDS =
            java.util.Set.of("policy", "group", "pool", "actionheaders", "features", "metadata");

    private Printer() {}

    /** One statement on one line, without a line break (the form the store keeps). */
    public static String print(Statement statement) {
        return String.join(" ", pieces(statement));
    }

    /** A whole file: one statement per line (wrapped when long), each ending with a line break. */
    public static String print(List<Statement> statements) {
        StringBuilder sb = new StringBuilder();
        String previousKeyword = null;
        for (Statement s : statements) {
            if (previousKeyword != null && !previousKeyword.equals(s.keyword())) {
                sb.append('\n');
            }
            sb.append(wrapped(s)).append('\n');
            previousKeyword = s.keyword();
        }
        return sb.toString();
    }

    /**
     * The canonical form of a parsed file keeping its comments: a comment stays before the
     * statement it preceded (comments inside a continued statement move before it); one blank line
     * is kept where the source had blank lines.
     *
     * @param sourceText the text the statements and comments were parsed from
     */
    public static String format(List<Statement> statements, List<Comment> comments, String sourceText) {
        record Item(int start, int end, String text) {}
        List<Item> items = new ArrayList<>();
        for (Statement s : statements) {
            items.add(new Item(s.span().start(), s.span().end(), wrapped(s)));
        }
        List<Item> commentItems = new ArrayList<>();
        for (Comment c : comments) {
            String t = c.text().stripTrailing();
            commentItems.add(new Item(c.span().start(), c.span().end(), t));
        }
        // Comments inside a statement's span move before that statement.
        // A comment on the last line of a statement, after it, stays at the end of that line.
        List<Item> all = new ArrayList<>();
        int ci = 0;
        for (Item st : items) {
            while (ci < commentItems.size() && commentItems.get(ci).start() < st.end()) {
                Item c = commentItems.get(ci++);
                all.add(c.start() > st.start() ? new Item(st.start(), st.start(), c.text()) : c);
            }
            if (ci < commentItems.size()
                    && sameLine(sourceText, st.end(), commentItems.get(ci).start())) {
                Item c = commentItems.get(ci++);
                all.add(new Item(st.start(), c.end(), st.text() + "  " + c.text()));
            } else {
                all.add(st);
            }
        }
        while (ci < commentItems.size()) {
            all.add(commentItems.get(ci++));
        }
        StringBuilder sb = new StringBuilder();
        int previousEnd = -1;
        for (Item it : all) {
            if (previousEnd >= 0 && hasBlankLine(sourceText, previousEnd, it.start())) {
                sb.append('\n');
            }
            sb.append(it.text()).append('\n');
            previousEnd = Math.max(previousEnd, it.end());
        }
        return sb.toString();
    }

    private static boolean sameLine(String text, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, text.length()); i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasBlankLine(String text, int from, int to) {
        int newlines = 0;
        for (int i = Math.max(0, from); i < Math.min(to, text.length()); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                newlines++;
                if (newlines >= 2) {
                    return true;
                }
            } else if (c != ' ' && c != '\t' && c != '\r' && c != '\f') {
                newlines = 0;
            }
        }
        return false;
    }

    /** One statement, continued on indented lines when longer than {@link #WIDTH}. */
    public static String wrapped(Statement statement) {
        List<String> pieces = pieces(statement);
        String one = String.join(" ", pieces);
        if (one.length() <= WIDTH) {
            return one;
        }
        // Break between units: attribute pairs for policies, single values otherwise.
        List<String> units = units(statement, pieces);
        StringBuilder sb = new StringBuilder(units.getFirst());
        int lineLength = sb.length();
        for (int i = 1; i < units.size(); i++) {
            String u = units.get(i);
            if (lineLength + 1 + u.length() > WIDTH && lineLength > INDENT.length()) {
                // A keyword never starts a continuation line (it would read as a new statement).
                int blank = u.indexOf(' ');
                String first = blank < 0 ? u : u.substring(0, blank);
                if (KEYWORDS.contains(first.toLowerCase(java.util.Locale.ROOT))) {
                    u = "\"" + first + "\"" + u.substring(first.length());
                }
                sb.append('\n').append(INDENT).append(u);
                lineLength = INDENT.length() + u.length();
            } else {
                sb.append(' ').append(u);
                lineLength += 1 + u.length();
            }
        }
        return sb.toString();
    }

    private static List<String> units(Statement statement, List<String> pieces) {
        List<String> units = new ArrayList<>();
        switch (statement) {
            case PolicyStatement p -> {
                units.add(pieces.get(0) + " " + pieces.get(1));
                for (int i = 2; i + 1 < pieces.size(); i += 2) {
                    units.add(pieces.get(i) + " " + pieces.get(i + 1));
                }
            }
            case ActionHeadersStatement a -> {
                units.add(pieces.get(0) + " " + pieces.get(1) + " " + pieces.get(2));
                units.add(pieces.get(3));
                for (int i = 4; i + 1 < pieces.size(); i += 2) {
                    units.add(pieces.get(i) + " " + pieces.get(i + 1));
                }
            }
            case GroupStatement g -> {
                units.add(pieces.get(0) + " " + pieces.get(1));
                units.addAll(pieces.subList(2, pieces.size()));
            }
            case PoolStatement p -> {
                units.add(pieces.get(0) + " " + pieces.get(1));
                units.addAll(pieces.subList(2, pieces.size()));
            }
            case FeatureStatement f -> units.add(String.join(" ", pieces));
            case MetadataStatement m -> units.add(String.join(" ", pieces));
        }
        return units;
    }

    private static List<String> pieces(Statement statement) {
        List<String> out = new ArrayList<>();
        out.add(statement.keyword());
        switch (statement) {
            case PolicyStatement p -> {
                out.add(quote(p.name()));
                for (Attribute a : p.attributes()) {
                    out.add(quote(a.name()));
                    out.add(quote(a.value()));
                }
            }
            case GroupStatement g -> {
                out.add(quote(g.name()));
                g.members().forEach(m -> out.add(quote(m)));
            }
            case PoolStatement p -> {
                out.add(quote(p.name()));
                p.servers().forEach(s -> out.add(quote(s)));
            }
            case ActionHeadersStatement a -> {
                out.add(quote(a.policy()));
                out.add(quote(a.matchHeader()));
                out.add(quote(a.regex()));
                for (HeaderPair h : a.newHeaders()) {
                    out.add(quote(h.name()));
                    out.add(quote(h.value()));
                }
            }
            case FeatureStatement f -> {
                out.add(quote(f.namespace()));
                out.add(quote(f.feature()));
                out.add(quote(f.value()));
            }
            case MetadataStatement m -> {
                out.add(quote(m.object()));
                out.add(quote(m.metadataKey()));
                out.add(quote(m.value()));
            }
        }
        return out;
    }

    private static String quote(Word w) {
        return quote(w.text());
    }

    /**
     * {@code text} as one value: bare when it lexes as one word, else in double quotes with {@code
     * "} and a backslash before {@code "} or {@code \} or at the end escaped.
     */
    public static String quote(String text) {
        if (isBare(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                sb.append("\\\"");
            } else if (c == '\\'
                    && (i + 1 == text.length() || text.charAt(i + 1) == '\\' || text.charAt(i + 1) == '"')) {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isBare(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        if (first == '"' || first == '\'' || first == '#') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\n') {
                return false;
            }
        }
        return true;
    }
}
