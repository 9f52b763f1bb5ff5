package dev.themis.milter.codec;

/** The address family of an SMTP client in the CONNECT packet. */
public enum AddressFamily {
    /** Postfix could not tell (no port, no address follow). */
    UNKNOWN('U'),
    /** A unix-domain socket; the address is a path. */
    UNIX('L'),
    INET('4'),
    INET6('6');

    private final char code;

    AddressFamily(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    /** The family for a wire code, or null when the code is not one of the four. */
    public static @org.jspecify.annotations.Nullable AddressFamily of(int code) {
        return switch (code) {
            case 'U' -> UNKNOWN;
            case 'L' -> UNIX;
            case '4' -> INET;
            case '6' -> INET6;
            default -> null;
        };
    }
}
