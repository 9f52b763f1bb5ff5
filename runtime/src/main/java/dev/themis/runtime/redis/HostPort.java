package dev.themis.runtime.redis;

import java.util.Locale;

/**
 * A host and port, written {@code host:port} or {@code [ipv6]:port}.
 *
 * @param host name or address (IPv6 without brackets)
 * @param port TCP port
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses {@code host[:port]} or {@code [v6][:port]}, using {@code defaultPort} when none is given. */
    public static HostPort parse(String text, int defaultPort) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed `[` in `" + text + "`");
            }
            host = t.substring(1, close);
            String after = t.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("expected `:port` after `]` in `" + text + "`");
                }
                port = after.substring(1);
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') != colon) {
                throw new IllegalArgumentException("write an IPv6 address in brackets: `[" + t + "]:PORT`");
            }
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port `" + port + "` in `" + text + "`");
            }
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), p);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
