package dev.themis.runtime.spf;

import java.net.InetSocketAddress;
import java.time.Duration;
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
