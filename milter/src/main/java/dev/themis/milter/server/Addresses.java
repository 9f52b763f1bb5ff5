package dev.themis.milter.server;

/** Envelope address normalisation: what the client typed, as the runtime wants it. */
final class Addresses {
    private Addresses() {}

    /**
     * Strips whitespace, angle brackets (SMTP sends them, local submission does not) and an obsolete
     * source route ({@code <@relay1,@relay2:user@domain>}). {@code <>} becomes the empty string.
     */
    static String normalize(String raw) {
        String s = raw.strip();
        if (s.startsWith("<")) {
            int close = s.lastIndexOf('>');
            s = close > 0 ? s.substring(1, close) : s.substring(1);
        } else if (s.endsWith(">")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.strip();
        if (s.startsWith("@")) {
            int colon = s.indexOf(':');
            if (colon > 0) {
                s = s.substring(colon + 1);
            }
        }
        return s;
    }
}
