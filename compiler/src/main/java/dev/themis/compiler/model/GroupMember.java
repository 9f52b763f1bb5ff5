package dev.themis.compiler.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One member of a group, parsed: {@code @domain}, {@code user@domain}, an IP address or a CIDR.
 * Parsing never touches DNS.
 */
public sealed interface GroupMember {
    /** {@code user@domain}, lowercased. */
    record Address(String address) implements GroupMember {
        @Override
        public String spelling() {
            return address;
        }
    }

    /** {@code @domain}; {@code domain} is lowercased, without the {@code @}. */
    record Domain(String domain) implements GroupMember {
        @Override
        public String spelling() {
            return "@" + domain;
        }
    }

    /** An address ({@code length} 32 or 128) or a CIDR, host bits cleared. */
    record Network(InetAddress address, int length) implements GroupMember {
        @Override
        public String spelling() {
            int full = address.getAddress().length * 8;
            String host = address.getHostAddress();
            return length == full ? host : host + "/" + length;
        }
    }

    /** The canonical spelling, as the printer writes and listings show it. */
    String spelling();

    /** The result of {@link #parse(String)}: a member, or why the text is none. */
    sealed interface Parsed {}

    record Valid(GroupMember member) implements Parsed {}

    record Invalid(
            String problem,
            @org.jspecify.annotations.Nullable String help) implements Parsed {}

    Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\\.?");
    Pattern LOCAL_PART = Pattern.compile("[^\\s@\"(),:;<>\\[\\]\\\\]{1,64}");
    Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]{2,45}");

    static Parsed parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.startsWith("@")) {
            String domain = t.substring(1);
            if (domain.endsWith(".")) {
                domain = domain.substring(0, domain.length() - 1);
            }
            if (!isDomain(domain)) {
                return new Invalid("`" + text + "` is not a valid `@domain`", aLabelHelp("@", domain));
            }
            return new Valid(new Domain(domain));
        }
        int at = t.lastIndexOf('@');
        if (at > 0) {
            String local = t.substring(0, at);
            String domain = t.substring(at + 1);
            if (!LOCAL_PART.matcher(local).matches() || !isDomain(domain)) {
                return new Invalid(
                        "`" + text + "` is not a valid address `user@domain`",
                        LOCAL_PART.matcher(local).matches() ? aLabelHelp(local + "@", domain) : null);
            }
            return new Valid(new Address(t));
        }
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        InetAddress ip = parseIp(host);
        if (ip == null) {
            if (isDomain(t) && t.contains(".") && !t.matches("[0-9.]+")) {
                return new Invalid(
                        "`" + text + "` is neither an address, a domain, an IP address nor a CIDR",
                        "write a domain as `@" + text + "`");
            }
            return new Invalid("`" + text + "` is neither an address, a domain, an IP address nor a CIDR", null);
        }
        int full = ip.getAddress().length * 8;
        int length = full;
        if (slash >= 0) {
            String len = t.substring(slash + 1);
            if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > full) {
                return new Invalid("`" + text + "` has an invalid prefix length (0 to " + full + ")", null);
            }
            length = Integer.parseInt(len);
        }
        InetAddress masked = mask(ip, length);
        if (!masked.equals(ip)) {
            return new Invalid(
                    "`" + text + "` has host bits set after the prefix",
                    "did you mean `" + masked.getHostAddress() + "/" + length + "`?");
        }
        return new Valid(new Network(masked, length));
    }

    /** For an internationalised domain, a hint with its ASCII (A-label) form. */
    private static @org.jspecify.annotations.Nullable String aLabelHelp(String prefix, String domain) {
        if (domain.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        try {
            String ascii = java.net.IDN.toASCII(domain, java.net.IDN.USE_STD3_ASCII_RULES);
            return isDomain(ascii.toLowerCase(Locale.ROOT))
                    ? "write internationalised domains in ASCII form: `" + prefix + ascii.toLowerCase(Locale.ROOT) + "`"
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses an IPv4 or IPv6 literal without DNS; null when {@code text} is none. */
    static @org.jspecify.annotations.Nullable InetAddress parseIp(String text) {
        byte[] quad = dottedQuad(text);
        if (quad != null) {
            try {
                return InetAddress.getByAddress(quad);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            // A literal with ':' or a dotted quad is parsed, never resolved.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The four bytes of a strict dotted quad (no leading zeros), or null. */
    private static byte @org.jspecify.annotations.Nullable [] dottedQuad(String t) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** Hostname-style domain check: labels of letters, digits, `-`, `_`, not starting or ending with `-`. */
    static boolean isDomain(String d) {
        if (d.isEmpty() || d.length() > 253) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= d.length(); i++) {
            char c = i < d.length() ? d.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    return i == d.length() && i > 0 && labelStart > 0;
                }
                if (len > 63 || d.charAt(labelStart) == '-' || d.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress mask(InetAddress ip, int length) {
        byte[] b = ip.getAddress();
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, length - i * 8));
            b[i] = (byte) (b[i] & (0xff00 >> bits));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
