package dev.themis.runtime.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Redis. {@link #parse(String)} reads the URL forms of the configuration file and of
 * {@code tmscli --redis}:
 *
 * <pre>
 * redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?OPTIONS]                standalone (port 6379)
 * rediss://...                                                         the same over TLS
 * redis-cluster://[[USER]:PASSWORD@]HOST:PORT[,HOST:PORT...][?OPTIONS] Cluster seeds (rediss-cluster: TLS)
 * redis-sentinel://[[USER]:PASSWORD@]MASTER@HOST:PORT[,HOST:PORT...][/DB][?OPTIONS]
 *                                                                      Sentinels (port 26379; rediss-sentinel: TLS)
 * OPTIONS: timeout=500ms|2s|250, prefix=themis:, truststore=/path.p12, truststorePassword=...
 * </pre>
 *
 * IPv6 hosts are written in brackets ({@code [::1]:6379}); user and password are percent-decoded.
 * Credentials are the data nodes' (ACL user or {@code requirepass}); Sentinels are reached with the
 * same TLS setting and without credentials.
 *
 * @param mode standalone, cluster or sentinel
 * @param nodes host:port pairs (one for standalone; seeds for cluster; sentinels for sentinel)
 * @param masterName the Sentinel master name (sentinel mode only)
 * @param user ACL user, or null for the default user
 * @param password password, or null
 * @param tls whether to use TLS
 * @param trustStore PKCS12 trust store for TLS, or null for the JDK default
 * @param trustStorePassword its password, or null
 * @param timeout the deadline of every Redis call (connect and read)
 * @param keyPrefix prefix of every key Themis writes (default {@code themis:})
 * @param database logical database (standalone and Sentinel; a Cluster has only 0)
 */
public record RedisSettings(
        Mode mode,
        List<String> nodes,
        @Nullable String masterName,
        @Nullable String user,
        @Nullable String password,
        boolean tls,
        @Nullable Path trustStore,
        @Nullable String trustStorePassword,
        Duration timeout,
        String keyPrefix,
        int database) {

    /** Topology of the Redis deployment. */
    public enum Mode {
        STANDALONE,
        CLUSTER,
        SENTINEL
    }

    public static final String DEFAULT_PREFIX = "themis:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;

    public RedisSettings {
        Objects.requireNonNull(mode, "mode");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis node is required");
        }
        for (String node : nodes) {
            HostPort.parse(node, mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT);
        }
        if (mode == Mode.SENTINEL && (masterName == null || masterName.isBlank())) {
            throw new IllegalArgumentException("sentinel mode needs the master name");
        }
        if (mode == Mode.STANDALONE && nodes.size() != 1) {
            throw new IllegalArgumentException("standalone mode takes exactly one node, not " + nodes.size());
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Redis timeout must be positive");
        }
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException(
                    "the key prefix must be non-empty without braces or spaces: `" + keyPrefix + "`");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must be 0 or more");
        }
        if (mode == Mode.CLUSTER && database != 0) {
            throw new IllegalArgumentException("a Redis Cluster has only database 0");
        }
    }

    /** The original ten-field shape (database 0). */
    public RedisSettings(
            Mode mode,
            List<String> nodes,
            @Nullable String masterName,
            @Nullable String user,
            @Nullable String password,
            boolean tls,
            @Nullable Path trustStore,
            @Nullable String trustStorePassword,
            Duration timeout,
            String keyPrefix) {
        this(mode, nodes, masterName, user, password, tls, trustStore, trustStorePassword, timeout, keyPrefix, 0);
    }

    /** Standalone {@code host:port}, no credentials, default timeout and prefix. */
    public static RedisSettings standalone(String hostAndPort) {
        return new RedisSettings(
                Mode.STANDALONE,
                List.of(hostAndPort),
                null,
                null,
                null,
                false,
                null,
                null,
                DEFAULT_TIMEOUT,
                DEFAULT_PREFIX);
    }

    public RedisSettings withTimeout(Duration newTimeout) {
        return new RedisSettings(
                mode,
                nodes,
                masterName,
                user,
                password,
                tls,
                trustStore,
                trustStorePassword,
                newTimeout,
                keyPrefix,
                database);
    }

    public RedisSettings withKeyPrefix(String newPrefix) {
        return new RedisSettings(
                mode,
                nodes,
                masterName,
                user,
                password,
                tls,
                trustStore,
                trustStorePassword,
                timeout,
                newPrefix,
                database);
    }

    public RedisSettings withCredentials(@Nullable String newUser, @Nullable String newPassword) {
        return new RedisSettings(
                mode,
                nodes,
                masterName,
                newUser,
                newPassword,
                tls,
                trustStore,
                trustStorePassword,
                timeout,
                keyPrefix,
                database);
    }

    public RedisSettings withTls(@Nullable Path newTrustStore, @Nullable String newTrustStorePassword) {
        return new RedisSettings(
                mode,
                nodes,
                masterName,
                user,
                password,
                true,
                newTrustStore,
                newTrustStorePassword,
                timeout,
                keyPrefix,
                database);
    }

    /** The nodes as host and port (default port filled in). */
    public List<HostPort> hostPorts() {
        int defaultPort = mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        return nodes.stream().map(n -> HostPort.parse(n, defaultPort)).toList();
    }

    /**
     * Reads a Redis URL (see the class comment).
     *
     * @throws IllegalArgumentException with a one-line message naming the problem
     */
    public static RedisSettings parse(String url) {
        Objects.requireNonNull(url, "url");
        String text = url.strip();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            throw invalid(url, "expected a scheme such as `redis://`");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        // rediss* is the TLS form of each scheme
        boolean tls = scheme.startsWith("rediss");
        Mode mode = switch (tls ? "redis" + scheme.substring("rediss".length()) : scheme) {
            case "redis" -> Mode.STANDALONE;
            case "redis-cluster" -> Mode.CLUSTER;
            case "redis-sentinel" -> Mode.SENTINEL;
            default ->
                throw invalid(
                        url,
                        "unknown scheme `" + scheme
                                + "`; use redis, rediss, redis-cluster, rediss-cluster, redis-sentinel or rediss-sentinel");
        };
        String rest = text.substring(schemeEnd + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        String masterName = null;
        int lastAt = rest.lastIndexOf('@');
        String authority = lastAt >= 0 ? rest.substring(lastAt + 1) : rest;
        String before = lastAt >= 0 ? rest.substring(0, lastAt) : null;
        if (mode == Mode.SENTINEL) {
            if (before == null || before.isEmpty()) {
                throw invalid(url, "a Sentinel URL names the master: `redis-sentinel://MASTER@HOST:PORT`");
            }
            int at = before.lastIndexOf('@');
            masterName = decode(url, at >= 0 ? before.substring(at + 1) : before);
            before = at >= 0 ? before.substring(0, at) : null;
        }
        if (before != null) {
            int colon = before.indexOf(':');
            if (colon < 0) {
                password = decode(url, before); // redis://PASSWORD@host, as redis-cli -u accepts
            } else {
                String u = decode(url, before.substring(0, colon));
                user = u.isEmpty() ? null : u;
                password = decode(url, before.substring(colon + 1));
            }
            if (password != null && password.isEmpty()) {
                password = null;
            }
        }
        if (authority.isEmpty()) {
            throw invalid(url, "no host");
        }
        List<String> nodes = new ArrayList<>();
        int defaultPort = mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        for (String node : authority.split(",", -1)) {
            try {
                nodes.add(HostPort.parse(node, defaultPort).toString());
            } catch (IllegalArgumentException e) {
                throw invalid(url, e.getMessage());
            }
        }
        if (mode == Mode.STANDALONE && nodes.size() > 1) {
            throw invalid(url, "several hosts need `redis-cluster://` or `redis-sentinel://`");
        }
        int database = 0;
        if (!path.isEmpty()) {
            if (mode == Mode.CLUSTER) {
                throw invalid(url, "a Redis Cluster has no database number");
            }
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw invalid(url, "the database must be a number, not `" + path + "`");
            }
            if (database < 0) {
                throw invalid(url, "the database must be 0 or more");
            }
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String prefix = DEFAULT_PREFIX;
        Path trustStore = null;
        String trustStorePassword = null;
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : decode(url, pair.substring(eq + 1));
                switch (name) {
                    case "timeout" -> timeout = parseDuration(url, value);
                    case "prefix" -> prefix = value;
                    case "truststore" -> trustStore = Path.of(value);
                    case "truststorePassword" -> trustStorePassword = value;
                    default ->
                        throw invalid(
                                url,
                                "unknown option `" + name
                                        + "`; known: timeout, prefix, truststore, truststorePassword");
                }
            }
        }
        try {
            return new RedisSettings(
                    mode,
                    nodes,
                    masterName,
                    user,
                    password,
                    tls,
                    trustStore,
                    trustStorePassword,
                    timeout,
                    prefix,
                    database);
        } catch (IllegalArgumentException e) {
            throw invalid(url, e.getMessage());
        }
    }

    /** The URL form of these settings, with the password masked (for logs and messages). */
    public String redactedUrl() {
        String scheme = switch (mode) {
            case STANDALONE -> tls ? "rediss" : "redis";
            case CLUSTER -> tls ? "rediss-cluster" : "redis-cluster";
            case SENTINEL -> tls ? "rediss-sentinel" : "redis-sentinel";
        };
        StringBuilder url = new StringBuilder(scheme).append("://");
        if (user != null || password != null) {
            url.append(user == null ? "" : user)
                    .append(password == null ? "" : ":***")
                    .append('@');
        }
        if (masterName != null && mode == Mode.SENTINEL) {
            url.append(masterName).append('@');
        }
        url.append(String.join(",", nodes));
        if (database != 0) {
            url.append('/').append(database);
        }
        return url.toString();
    }

    @Override
    public String toString() {
        return "RedisSettings[" + redactedUrl() + ", timeout=" + timeout + ", keyPrefix=" + keyPrefix
                + (trustStore == null ? "" : ", trustStore=" + trustStore) + "]";
    }

    private static Duration parseDuration(String url, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(url, "timeout must look like `500ms`, `2s` or `250` (milliseconds), not `" + value + "`");
        }
    }

    private static String decode(String url, String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(url, "bad percent-encoding in `" + text + "`");
        }
    }

    private static IllegalArgumentException invalid(String url, @Nullable String reason) {
        return new IllegalArgumentException("invalid Redis URL `" + mask(url) + "`: " + reason);
    }

    /** Hides a password in a URL that failed to parse. */
    private static String mask(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return url.substring(0, scheme + 3) + "***" + url.substring(at); // may hide a sentinel master name
        }
        return url.substring(0, scheme + 3 + colon + 1) + "***" + url.substring(at);
    }
}
