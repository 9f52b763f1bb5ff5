package dev.themis.runtime.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Redis. Owned by the store work (connector); this is the agreed shape.
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
        String keyPrefix) {

    /** Topology of the Redis deployment. */
    public enum Mode {
        STANDALONE,
        CLUSTER,
        SENTINEL
    }

    public static final String DEFAULT_PREFIX = "themis:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    public RedisSettings {
        Objects.requireNonNull(mode, "mode");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis node is required");
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
    }
}
