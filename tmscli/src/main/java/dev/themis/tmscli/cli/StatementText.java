package dev.themis.tmscli.cli;

import java.util.List;

/**
 * Builds the text of one policy-language statement from command-line words: the grammar's
 * single-statement rule is "the original command line without its flags", so
 * {@code -a --policy default Source any Destination any} becomes
 * {@code policy default Source any Destination any}. Words that the lexer would not read back as
 * one word are quoted.
 */
public final class StatementText {
    private StatementText() {}

    public static String of(String keyword, List<String> words) {
        StringBuilder out = new StringBuilder(keyword);
        for (String w : words) {
            out.append(' ').append(quote(w));
        }
        return out.toString();
    }

    /** {@code w} as one word of the language: bare when possible, else quoted. */
    public static String quote(String w) {
        if (w.indexOf('\n') >= 0 || w.indexOf('\r') >= 0) {
            throw new UsageException("a value cannot contain a line break: `" + w.replace("\n", "\\n") + "`");
        }
        if (isBare(w)) {
            return w;
        }
        if (w.indexOf('\'') < 0) {
            return "'" + w + "'";
        }
        return "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean isBare(String w) {
        if (w.isEmpty()) {
            return false;
        }
        char first = w.charAt(0);
        if (first == '"' || first == '\'' || first == '#') {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f') {
                return false;
            }
        }
        return true;
    }
}
