package dev.themis.milter.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where themisd listens, in Postfix's milter notation: {@code inet:HOST:PORT}, {@code
 * inet6:[ADDR]:PORT} or {@code unix:PATH}. The same string goes into Postfix's {@code smtpd_milters}
 * (for {@code unix:} as seen from Postfix's chroot, if any).
 */
public sealed interface ListenAddress {

    /** The socket address to bind or connect to. */
    SocketAddress socketAddress();

    /** TCP on an IPv4 address or host name. Port 0 binds a free port (tests). */
    record Inet(String host, int port) implements ListenAddress {
        public Inet {
            Objects.requireNonNull(host, "host");
            checkPort(port);
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "inet:" + host + ":" + port;
        }
    }

    /** TCP on an IPv6 address. */
    record Inet6(String address, int port) implements ListenAddress {
        public Inet6 {
            Objects.requireNonNull(address, "address");
            checkPort(port);
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(address, port);
        }

        @Override
        public String toString() {
            return "inet6:[" + address + "]:" + port;
        }
    }

    /** A unix-domain socket. */
    record Unix(Path path) implements ListenAddress {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /**
     * Parses the notation.
     *
     * @throws IllegalArgumentException with a message fit for an administrator
     */
    static ListenAddress parse(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "listen address `" + spec + "` needs a type: inet:HOST:PORT, inet6:[ADDR]:PORT or unix:PATH");
        }
        String type = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = s.substring(colon + 1);
        return switch (type) {
            case "inet" -> {
                int last = rest.lastIndexOf(':');
                if (last <= 0) {
                    throw new IllegalArgumentException("listen address `" + spec + "`: expected inet:HOST:PORT");
                }
                String host = rest.substring(0, last);
                if (host.contains(":")) {
                    throw new IllegalArgumentException(
                            "listen address `" + spec + "`: an IPv6 address needs inet6:[ADDR]:PORT");
                }
                yield new Inet(host, port(spec, rest.substring(last + 1)));
            }
            case "inet6" -> {
                if (!rest.startsWith("[")) {
                    throw new IllegalArgumentException("listen address `" + spec + "`: expected inet6:[ADDR]:PORT");
                }
                int close = rest.indexOf(']');
                if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("listen address `" + spec + "`: expected inet6:[ADDR]:PORT");
                }
                String addr = rest.substring(1, close);
                if (addr.isEmpty()) {
                    throw new IllegalArgumentException("listen address `" + spec + "`: the IPv6 address is empty");
                }
                yield new Inet6(addr, port(spec, rest.substring(close + 2)));
            }
            case "unix", "local" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("listen address `" + spec + "`: the socket path is empty");
                }
                yield new Unix(Path.of(rest));
            }
            default -> {
                if (!type.isEmpty()
                        && type.chars().allMatch(c -> c == '.' || c == '-' || Character.isLetterOrDigit(c))
                        && rest.chars().allMatch(Character::isDigit)
                        && !rest.isEmpty()) {
                    throw new IllegalArgumentException(
                            "listen address `" + spec + "` needs a type; did you mean `inet:" + s + "`?");
                }
                throw new IllegalArgumentException("listen address `" + spec + "`: unknown type `" + type
                        + "`; use inet:HOST:PORT, inet6:[ADDR]:PORT or unix:PATH");
            }
        };
    }

    private static int port(String spec, String text) {
        try {
            int p = Integer.parseInt(text);
            checkPort(p);
            return p;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("listen address `" + spec + "`: port `" + text + "` is not 0..65535");
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
