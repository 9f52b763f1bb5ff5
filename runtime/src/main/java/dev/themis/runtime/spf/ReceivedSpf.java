package dev.themis.runtime.spf;

import dev.themis.runtime.Header;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@code Received-SPF} header of RFC 7208 section 9.1 on one line, for example:
 *
 * <pre>
 * Received-SPF: pass (mx.example.org: domain of alice@example.com designates 192.0.2.1 as
 *  permitted sender) client-ip=192.0.2.1; envelope-from="alice@example.com"; helo=mail.example.com;
 *  receiver=mx.example.org; identity=mailfrom;
 * </pre>
 *
 * Everything that comes from the SMTP client is sanitised: control characters are dropped, comment
 * text escapes parentheses and backslashes, and values that are not a dot-atom are quoted.
 */
public final class ReceivedSpf {

    public static final String HEADER_NAME = "Received-SPF";

    private ReceivedSpf() {}

    /**
     * The header for a result.
     *
     * @param result the SPF result
     * @param comment the human explanation (put in parentheses after the receiver name)
     * @param receiver the receiving host
     * @param clientIp the client address as text
     * @param envelopeFrom the envelope sender (empty for the null sender: the key is left out)
     * @param helo the HELO name, or null
     * @param identity {@code mailfrom} or {@code helo}
     */
    public static Header header(
            SpfResult result,
            String comment,
            String receiver,
            String clientIp,
            String envelopeFrom,
            @Nullable String helo,
            String identity) {
        Header full = build(result, comment, receiver, clientIp, envelopeFrom, helo, identity);
        if (fits(full)) {
            return full;
        }
        // Absurdly long client input: shorten the prose, then leave out the longest client values.
        String shortComment = "SPF " + result.keyword();
        Header h = build(result, shortComment, receiver, clientIp, envelopeFrom, helo, identity);
        if (fits(h)) {
            return h;
        }
        h = build(result, shortComment, receiver, clientIp, envelopeFrom, null, identity);
        if (fits(h)) {
            return h;
        }
        return build(result, shortComment, receiver, clientIp, "", null, identity);
    }

    private static boolean fits(Header h) {
        return h.value().length() + HEADER_NAME.length() + 2 <= MAX_LINE;
    }

    /** RFC 5322 section 2.1.1: a line is at most 998 characters; we stay well below. */
    static final int MAX_LINE = 990;

    /** Longest piece of client-supplied text kept (a domain name is at most 255 octets). */
    static final int MAX_CLIENT_TEXT = 255;

    private static Header build(
            SpfResult result,
            String comment,
            String receiver,
            String clientIp,
            String envelopeFrom,
            @Nullable String helo,
            String identity) {
        StringBuilder v = new StringBuilder(160);
        v.append(result.keyword())
                .append(" (")
                .append(commentText(clean(receiver)))
                .append(": ")
                .append(commentText(clean(comment)))
                .append(")");
        v.append(" client-ip=").append(clean(clientIp)).append(';');
        if (!clean(envelopeFrom).isEmpty()) {
            v.append(" envelope-from=").append(quoted(clean(envelopeFrom))).append(';');
        }
        if (helo != null && !clean(helo).isEmpty()) {
            v.append(" helo=").append(valueText(clean(helo))).append(';');
        }
        v.append(" receiver=").append(valueText(clean(receiver))).append(';');
        v.append(" identity=").append(identity).append(';');
        return new Header(HEADER_NAME, v.toString());
    }

    /** Drops control characters (CR, LF, NUL, ...), trims, and cuts at 255 characters. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_CLIENT_TEXT));
        for (int i = 0; i < s.length() && b.length() < MAX_CLIENT_TEXT; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                b.append(c);
            }
        }
        return b.toString().trim();
    }

    private static String commentText(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == ')' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** A dot-atom as is (RFC 5322 section 3.2.3), anything else as a quoted-string. */
    private static String valueText(String s) {
        return isDotAtom(s) ? s : quoted(s);
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }

    static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean atext = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
            if (!atext) {
                return false;
            }
        }
        return true;
    }
}
