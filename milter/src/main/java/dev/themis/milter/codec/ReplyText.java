package dev.themis.milter.codec;

import java.util.regex.Pattern;

/**
 * Renders an SMTP reply for SMFIR_REPLYCODE the way Postfix accepts it: one line, no CR/LF or other
 * control characters, printable ASCII only, {@code %} doubled (the MTA treats the text as a printf
 * format), an enhanced status code of the same class as the reply code, and at most 980 characters
 * (libmilter's limit). Anything else would make Postfix log "malformed reply" and fall back to a
 * configuration-error tempfail.
 */
public final class ReplyText {
    private ReplyText() {}

    /** libmilter's {@code smfi_setreply} limit for one reply line. */
    public static final int MAX_LINE = 980;

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");

    /**
     * The wire text for {@code code enhanced text}. An enhanced code that is malformed or of another
     * class than {@code code} is replaced with {@code X.7.1}.
     *
     * @throws IllegalArgumentException if {@code code} is not 4xx or 5xx
     */
    public static String render(int code, String enhancedCode, String text) {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("reply code must be 4xx or 5xx: " + code);
        }
        char cls = (char) ('0' + code / 100);
        String enhanced = enhancedCode.trim();
        if (!ENHANCED.matcher(enhanced).matches() || enhanced.charAt(0) != cls) {
            enhanced = cls + ".7.1";
        }
        String prefix = code + " " + enhanced + " ";
        String body = sanitize(text, MAX_LINE - prefix.length());
        if (body.isEmpty()) {
            body = code >= 500 ? "Message refused by policy" : "Try again later";
        }
        return prefix + body;
    }

    /**
     * One line of printable ASCII with {@code %} doubled, whitespace runs collapsed, at most {@code
     * budget} characters after doubling (a {@code %%} pair is never split).
     */
    static String sanitize(String text, int budget) {
        StringBuilder out = new StringBuilder(Math.min(text.length() + 8, budget));
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || Character.isWhitespace(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            String piece;
            if (cp == '%') {
                piece = "%%";
            } else if (cp > 0x20 && cp < 0x7F) {
                piece = String.valueOf((char) cp);
            } else {
                piece = "?";
            }
            int need = piece.length() + (pendingSpace ? 1 : 0);
            if (out.length() + need > budget) {
                break;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(piece);
        }
        return out.toString();
    }
}
