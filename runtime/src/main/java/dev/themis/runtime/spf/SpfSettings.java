package dev.themis.runtime.spf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How SPF checks reach DNS.
 *
 * @param dnsServers the resolvers to ask (UDP, TCP on truncation), in order; empty means the
 *     system's resolvers ({@code /etc/resolv.conf})
 * @param lookupTimeout the deadline of one DNS query (all servers and retries included)
 * @param checkTimeout the deadline of a whole check (up to 10 DNS-querying terms, RFC 7208 section
 *     4.6.4); past it the result is {@code temperror}
 * @param receiver the receiving host named in {@code Received-SPF} when the caller does not pass the
 *     MTA's name
 * @param cacheSize how many DNS answers to keep (per their TTL); 0 disables the cache
 */
public record SpfSettings(
        List<InetSocketAddress> dnsServers,
        Duration lookupTimeout,
        Duration checkTimeout,
        String receiver,
        int cacheSize) {

    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    public SpfSettings {
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(lookupTimeout, "lookupTimeout");
        Objects.requireNonNull(checkTimeout, "checkTimeout");
        Objects.requireNonNull(receiver, "receiver");
        if (lookupTimeout.isNegative() || lookupTimeout.isZero()) {
            throw new IllegalArgumentException("lookupTimeout must be positive: " + lookupTimeout);
        }
        if (checkTimeout.compareTo(lookupTimeout) < 0) {
            throw new IllegalArgumentException("checkTimeout must be at least lookupTimeout");
        }
        if (receiver.isBlank()) {
            throw new IllegalArgumentException("receiver must not be blank");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative");
        }
    }

    /** The system resolvers, default timeouts, receiver {@code localhost}. */
    public static SpfSettings defaults() {
        return new SpfSettings(
                List.of(), DEFAULT_LOOKUP_TIMEOUT, DEFAULT_CHECK_TIMEOUT, "localhost", DEFAULT_CACHE_SIZE);
    }

    /**
     * Parses a DNS server list as written in a configuration file: IP literals separated by commas
     * or spaces, each with an optional port: {@code 127.0.0.1}, {@code 127.0.0.1:5353}, {@code ::1},
     * {@code [::1]:5353}. Host names are refused (finding the resolver must not need DNS). An empty
     * text means the system's resolvers.
     *
     * @throws IllegalArgumentException with one message naming the bad entry
     */
    public static List<InetSocketAddress> parseDnsServers(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                out.add(parseServer(entry));
            }
        }
        return List.copyOf(out);
    }

    private static InetSocketAddress parseServer(String entry) {
        String host = entry;
        int port = 53;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("invalid DNS server `" + entry + "`: missing `]`");
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(
                            "invalid DNS server `" + entry + "`: expected `:PORT` after `]`");
                }
                port = parsePort(entry, rest.substring(1));
            }
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = parsePort(entry, entry.substring(entry.indexOf(':') + 1));
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid DNS server `" + entry + "`: not an IP address (host names are not accepted)", e);
        }
        return new InetSocketAddress(address, port);
    }

    private static int parsePort(String entry, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid DNS server `" + entry + "`: port must be 1..65535");
    }

    /** These settings with other DNS servers. */
    public SpfSettings withDnsServers(List<InetSocketAddress> servers) {
        return new SpfSettings(servers, lookupTimeout, checkTimeout, receiver, cacheSize);
    }

    /** These settings with other timeouts. */
    public SpfSettings withTimeouts(Duration lookup, Duration check) {
        return new SpfSettings(dnsServers, lookup, check, receiver, cacheSize);
    }

    /** These settings with another receiver name. */
    public SpfSettings withReceiver(String name) {
        return new SpfSettings(dnsServers, lookupTimeout, checkTimeout, name, cacheSize);
    }
}
