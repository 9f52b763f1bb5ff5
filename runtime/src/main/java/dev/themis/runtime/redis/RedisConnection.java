package dev.themis.runtime.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Jedis 8 client for one Redis deployment, built from {@link RedisSettings} with the current
 * builders ({@link RedisClient}, {@link RedisClusterClient}, {@link RedisSentinelClient}; not the
 * deprecated pooled classes), plus what the configuration store needs beyond {@link UnifiedJedis}:
 * the masters of a Cluster (SCAN runs on each), the node owning a key (keyspace notifications are
 * node-local) and short-lived clients to one node.
 *
 * <p>Every call has a deadline: connect and socket timeouts are {@code settings.timeout()}, waiting
 * for a pooled connection is bounded by it, and in a Cluster the retries after MOVED/ASK/connection
 * errors share a budget of twice the timeout.
 */
public final class RedisConnection implements AutoCloseable {

    /** Connections per node; themisd runs a virtual thread per SMTP connection. */
    public static final int POOL_SIZE = 64;

    private final RedisSettings settings;
    private final JedisClientConfig clientConfig;
    private final UnifiedJedis client;

    private RedisConnection(RedisSettings settings) {
        this.settings = settings;
        this.clientConfig = clientConfig(settings, true);
        this.client = build(settings, clientConfig);
    }

    /**
     * Builds the client. A standalone client connects lazily; a Cluster client reads the topology and
     * a Sentinel client asks for the master at construction, and those fail with {@link
     * redis.clients.jedis.exceptions.JedisException} when nothing answers.
     */
    public static RedisConnection open(RedisSettings settings) {
        return new RedisConnection(settings);
    }

    public RedisSettings settings() {
        return settings;
    }

    /** The client every caller shares (thread-safe, pooled). */
    public UnifiedJedis client() {
        return client;
    }

    /** Client configuration of the data nodes (timeouts, credentials, TLS, database). */
    public JedisClientConfig clientConfig() {
        return clientConfig;
    }

    /** The hash slot of a key (Cluster: where it lives; elsewhere only informative). */
    public static int slot(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /** The master nodes now: the one node (standalone), the current master (Sentinel), every master (Cluster). */
    public List<HostPort> masters() {
        return switch (client) {
            case RedisClusterClient cluster -> clusterMasters(cluster);
            case RedisSentinelClient sentinel -> List.of(toHostPort(sentinel.getCurrentMaster()));
            default -> List.of(settings.hostPorts().getFirst());
        };
    }

    /**
     * Every reachable node: in a Cluster masters and replicas (from CLUSTER NODES, since a replica
     * may become master); otherwise {@link #masters()}.
     */
    public List<HostPort> knownNodes() {
        if (client instanceof RedisClusterClient cluster) {
            return parseClusterNodes(clusterNodesText(cluster), false);
        }
        return masters();
    }

    /** The master that serves this key now (Cluster: the owner of its slot after a topology refresh). */
    public HostPort ownerOf(String key) {
        if (client instanceof RedisClusterClient cluster) {
            cluster.refreshClusterTopology();
            try (Connection connection = cluster.getConnectionFromSlot(slot(key))) {
                return toHostPort(connection.getHostAndPort());
            }
        }
        return masters().getFirst();
    }

    /**
     * Runs {@code action} with a client connected to exactly one node (for SCAN, CONFIG, SUBSCRIBE on
     * that node), closed afterwards. Uses the data nodes' credentials and TLS.
     */
    public <T> T onNode(HostPort node, Function<UnifiedJedis, T> action) {
        try (UnifiedJedis one = nodeClient(node)) {
            return action.apply(one);
        }
    }

    /** A client to one node that the caller closes (a subscriber keeps it for its lifetime). */
    public UnifiedJedis nodeClient(HostPort node) {
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(node.host(), node.port()))
                .clientConfig(clientConfig)
                .poolConfig(pool(2, settings.timeout()))
                .build();
    }

    /** Keyspace notification channel of a key ({@code __keyspace@DB__:KEY}). */
    public String keyspaceChannel(String key) {
        return "__keyspace@" + settings.database() + "__:" + key;
    }

    @Override
    public void close() {
        client.close();
    }

    // Masters that serve at least one slot and are not failed, from CLUSTER NODES of the first node
    // that answers.
    private static List<HostPort> clusterMasters(RedisClusterClient cluster) {
        return parseClusterNodes(clusterNodesText(cluster), true);
    }

    private static String clusterNodesText(RedisClusterClient cluster) {
        cluster.refreshClusterTopology();
        RuntimeException last = null;
        for (ConnectionPool pool : cluster.getClusterNodes().values()) {
            try (Connection connection = pool.getResource()) {
                Object reply = connection.executeCommand(new CommandArguments(Protocol.Command.CLUSTER).add("NODES"));
                return reply instanceof byte[] bytes
                        ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(reply);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("no Cluster node is known");
    }

    static List<HostPort> parseClusterMasters(String clusterNodes) {
        return parseClusterNodes(clusterNodes, true);
    }

    /** Nodes of a CLUSTER NODES reply that are not failed: masters serving slots, or every node. */
    static List<HostPort> parseClusterNodes(String clusterNodes, boolean mastersWithSlotsOnly) {
        List<HostPort> nodes = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length < 8) {
                continue;
            }
            String flags = f[2];
            if (flags.contains("fail") || flags.contains("noaddr") || flags.contains("handshake")) {
                continue;
            }
            boolean master = List.of(flags.split(",")).contains("master");
            if (mastersWithSlotsOnly && (!master || f.length < 9)) {
                continue; // a replica, or a master without slots: serves nothing
            }
            String address = f[1];
            int at = address.indexOf('@');
            nodes.add(HostPort.parse(at >= 0 ? address.substring(0, at) : address, RedisSettings.DEFAULT_PORT));
        }
        return List.copyOf(nodes);
    }

    private static HostPort toHostPort(HostAndPort hostAndPort) {
        return new HostPort(hostAndPort.getHost(), hostAndPort.getPort());
    }

    private static UnifiedJedis build(RedisSettings settings, JedisClientConfig config) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (HostPort node : settings.hostPorts()) {
            nodes.add(new HostAndPort(node.host(), node.port()));
        }
        return switch (settings.mode()) {
            case STANDALONE ->
                RedisClient.builder()
                        .hostAndPort(nodes.iterator().next())
                        .clientConfig(config)
                        .poolConfig(pool(POOL_SIZE, settings.timeout()))
                        .build();
            case CLUSTER ->
                RedisClusterClient.builder()
                        .nodes(nodes)
                        .clientConfig(config)
                        .poolConfig(pool(POOL_SIZE, settings.timeout()))
                        .maxAttempts(5)
                        .maxTotalRetriesDuration(settings.timeout().multipliedBy(2))
                        .build();
            case SENTINEL ->
                RedisSentinelClient.builder()
                        .masterName(Objects.requireNonNull(settings.masterName()))
                        .sentinels(nodes)
                        .clientConfig(config)
                        .sentinelClientConfig(clientConfig(settings, false))
                        .poolConfig(pool(POOL_SIZE, settings.timeout()))
                        .build();
        };
    }

    private static ConnectionPoolConfig pool(int size, Duration maxWait) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        pool.setMinIdle(0);
        pool.setMaxWait(maxWait);
        pool.setBlockWhenExhausted(true);
        // Idle connections are PINGed every 5 s, so after a Redis restart stale ones are dropped in the
        // background instead of failing one message each; borrowing never costs an extra round trip.
        pool.setTestWhileIdle(true);
        pool.setNumTestsPerEvictionRun(-1);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(5));
        // JMX registration of every pool costs a large share of tmscli's start-up and serves nobody.
        pool.setJmxEnabled(false);
        return pool;
    }

    private static JedisClientConfig clientConfig(RedisSettings settings, boolean dataNode) {
        int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .clientName(dataNode ? "themis" : "themis-sentinel")
                .resp2();
        if (dataNode) {
            builder.database(settings.database());
            if (settings.user() != null) {
                builder.user(settings.user());
            }
            if (settings.password() != null) {
                builder.password(settings.password());
            }
        }
        if (settings.tls()) {
            builder.ssl(true);
            if (settings.trustStore() != null) {
                String pw = settings.trustStorePassword();
                builder.sslOptions(SslOptions.builder()
                        .truststore(settings.trustStore().toFile(), pw == null ? new char[0] : pw.toCharArray())
                        .trustStoreType("PKCS12")
                        .build());
            }
        }
        return builder.build();
    }

    /** Node address map of a Cluster client, for tests. */
    Map<String, ConnectionPool> clusterNodes() {
        return client instanceof RedisClusterClient cluster ? cluster.getClusterNodes() : Map.of();
    }
}
