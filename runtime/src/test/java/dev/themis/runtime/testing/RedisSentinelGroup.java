package dev.themis.runtime.testing;

import dev.themis.runtime.redis.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A master, one replica and {@code sentinels} Sentinel processes monitoring them under the name
 * {@value #MASTER_NAME} (quorum 1, {@code down-after-milliseconds 1000}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisSentinelGroup sentinel = RedisSentinelGroup.create();
 * ... sentinel.uri()  // redis-sentinel://themis@127.0.0.1:S1
 * }</pre>
 */
public final class RedisSentinelGroup extends ManagedRedis implements AutoCloseable {

    public static final String MASTER_NAME = "themis";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final RedisServer first = RedisServer.create();
    private final RedisServer second;
    private final List<RedisServer> sentinels = new ArrayList<>();

    private RedisSentinelGroup(int sentinelCount) {
        second = RedisServer.builder()
                .config("replicaof 127.0.0.1 " + first.port())
                .build();
        for (int i = 0; i < sentinelCount; i++) {
            sentinels.add(RedisServer.builder()
                    .sentinel()
                    .config("sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + first.port() + " 1")
                    .config("sentinel known-replica " + MASTER_NAME + " 127.0.0.1 " + second.port())
                    .config("sentinel down-after-milliseconds " + MASTER_NAME + " 1000")
                    .config("sentinel failover-timeout " + MASTER_NAME + " 5000")
                    .build());
        }
    }

    /** One master, one replica, one Sentinel. */
    public static RedisSentinelGroup create() {
        return new RedisSentinelGroup(1);
    }

    /** The two data nodes (the first starts as master). */
    public List<RedisServer> dataNodes() {
        return List.of(first, second);
    }

    public List<RedisServer> sentinels() {
        return List.copyOf(sentinels);
    }

    /** {@code redis-sentinel://themis@127.0.0.1:S1[,...]}, the form {@code RedisSettings.parse} reads. */
    public String uri() {
        return "redis-sentinel://" + MASTER_NAME + "@"
                + String.join(
                        ",", sentinels.stream().map(RedisServer::hostAndPort).toList());
    }

    public RedisSettings settings() {
        return new RedisSettings(
                RedisSettings.Mode.SENTINEL,
                sentinels.stream().map(RedisServer::hostAndPort).toList(),
                MASTER_NAME,
                null,
                null,
                false,
                null,
                null,
                Duration.ofSeconds(2),
                RedisSettings.DEFAULT_PREFIX);
    }

    /** The data node Sentinel currently names as master. */
    public RedisServer currentMaster() {
        List<?> address = (List<?>) sentinels.getFirst().call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        if (address == null) {
            throw new IllegalStateException("sentinel does not know master " + MASTER_NAME);
        }
        int port = Integer.parseInt(String.valueOf(address.get(1)));
        return port == first.port() ? first : second;
    }

    /**
     * Asks Sentinel for a failover and waits until the other data node is master and Sentinel names it.
     * Sentinel turns the old master into a replica later (up to ~10 s, its INFO period).
     */
    public RedisServer failover() {
        RedisServer before = currentMaster();
        RedisServer expected = before == first ? second : first;
        sentinels.getFirst().call("SENTINEL", "FAILOVER", MASTER_NAME);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (currentMaster() == expected
                    && expected.callText("INFO", "replication").contains("role:master")) {
                return expected;
            }
            RedisServer.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("sentinel failover did not complete within " + TIMEOUT);
    }

    @Override
    public synchronized void ensureRunning() {
        first.start();
        second.start();
        for (RedisServer sentinel : sentinels) {
            sentinel.start();
        }
        RedisServer master = currentMaster();
        awaitReplicaSynced(master == first ? second : first);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String info = sentinels.getFirst().callText("INFO", "sentinel");
            if (info.contains("status=ok") && info.contains("slaves=1")) {
                return;
            }
            RedisServer.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("sentinel did not discover the replica within " + TIMEOUT);
    }

    private static void awaitReplicaSynced(RedisServer replica) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (replica.isRunning() && replica.callText("INFO", "replication").contains("master_link_status:up")) {
                return;
            }
            RedisServer.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException(replica + " did not sync with its master within " + TIMEOUT);
    }

    @Override
    public synchronized void close() {
        for (RedisServer sentinel : sentinels) {
            sentinel.close();
        }
        second.close();
        first.close();
    }
}
