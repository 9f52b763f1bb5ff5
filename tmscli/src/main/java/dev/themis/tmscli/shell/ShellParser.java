package dev.themis.tmscli.shell;

import org.jline.reader.impl.DefaultParser;

/**
 * Splits a shell line into words with the quoting rules of a POSIX shell, which JLine's default
 * parser does not follow: inside '...' a backslash is an ordinary character (so regular
 * expressions such as {@code '^\[bulk\]'} arrive intact), inside "..." it escapes only {@code "},
 * {@code \} and a line break, and outside quotes it escapes the next character. Open quotes and a
 * trailing backslash continue the line.
 */
public final class ShellParser extends DefaultParser {

    public ShellParser() {
        setEofOnUnclosedQuote(true);
        setEofOnEscapedNewLine(true);
    }

    @Override
    public boolean isEscapeChar(CharSequence buffer, int pos) {
        if (!super.isEscapeChar(buffer, pos)) {
            return false;
        }
        char quote = quoteAt(buffer, pos);
        if (quote == '\'') {
            return false;
        }
        if (quote == '"') {
            char next = pos + 1 < buffer.length() ? buffer.charAt(pos + 1) : '\n';
            return next == '"' || next == '\\' || next == '\n' || next == '\r';
        }
        return true;
    }

    /** The quote open at {@code pos} ({@code '}, {@code "} or 0), scanning from the start. */
    static char quoteAt(CharSequence buffer, int pos) {
        char quote = 0;
        for (int i = 0; i < pos; i++) {
            char c = buffer.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                }
            } else if (c == '\\') {
                char next = i + 1 < buffer.length() ? buffer.charAt(i + 1) : 0;
                if (quote == 0 || next == '"' || next == '\\' || next == '\n' || next == '\r') {
                    i++; // the escaped character
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return quote;
    }
}
