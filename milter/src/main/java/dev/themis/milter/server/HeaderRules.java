package dev.themis.milter.server;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a header the milter adds may look like, so Postfix never sees a malformed one. */
final class HeaderRules {
    private HeaderRules() {}

    private static final Pattern LINE_BREAK = Pattern.compile("\\s*(?:\\r\\n|\\r|\\n)\\s*");

    /** Whether {@code name} is an RFC 5322 field name: printable ASCII without colon, 1..997 chars. */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 997) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                return false;
            }
        }
        return true;
    }

    /**
     * The value as sent without SMFIP_HDR_LEADSPC (Postfix inserts the space after the colon, so a
     * leading space would double it): leading whitespace removed, line breaks turned into folding
     * ({@code \n\t}), NUL and other controls dropped. Null when nothing is left.
     */
    static @Nullable String value(String value) {
        String v = LINE_BREAK.matcher(value.strip()).replaceAll("\n\t");
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\n' || c == '\t' || c >= 0x20 && c != 0x7F) {
                out.append(c);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
