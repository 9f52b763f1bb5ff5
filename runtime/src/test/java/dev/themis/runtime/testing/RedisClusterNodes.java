package dev.themis.runtime.testing;

import dev.themis.runtime.redis.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of {@code redis-server} processes ({@code cluster-enabled yes}), created with
 * {@code redis-cli --cluster create ... --cluster-yes}; by default three masters without replicas.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterNodes cluster = RedisClusterNodes.create();          // 3 masters
 * @RegisterExtension
 * static final RedisClusterNodes ha = RedisClusterNodes.withReplicas(3, 1);     // 3 masters + 3 replicas
 * }</pre>
 *
 * <p>{@link #ensureRunning()} returns only when every node reports {@code cluster_state:ok} and
 * knows every other node. Nodes use {@code cluster-node-timeout 2000}, so a stopped master is failed
 * over to its replica in a few seconds.
 */
public final class RedisClusterNodes extends ManagedRedis implements AutoCloseable {

    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(60);

    private final int masters;
    private final int replicasPerMaster;
    private final List<RedisServer> nodes = new ArrayList<>();
    private boolean created;

    private RedisClusterNodes(int masters, int replicasPerMaster) {
        if (masters < 3) {
            throw new IllegalArgumentException("a Redis Cluster needs at least three masters");
        }
        this.masters = masters;
        this.replicasPerMaster = replicasPerMaster;
        for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
            nodes.add(RedisServer.builder().clusterEnabled().build());
        }
    }

    /** Three masters, no replicas. */
    public static RedisClusterNodes create() {
        return new RedisClusterNodes(3, 0);
    }

    public static RedisClusterNodes withReplicas(int masters, int replicasPerMaster) {
        return new RedisClusterNodes(masters, replicasPerMaster);
    }

    /** Every node, masters and replicas, in creation order. */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** {@code host:port} of every node. */
    public List<String> seeds() {
        return nodes.stream().map(RedisServer::hostAndPort).toList();
    }

    /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,...}, the form {@code RedisSettings.parse} reads. */
    public String uri() {
        return "redis-cluster://" + String.join(",", seeds());
    }

    /** Cluster settings with every node as a seed, prefix {@code themis:}, a 2 s deadline. */
    public RedisSettings settings() {
        return new RedisSettings(
                RedisSettings.Mode.CLUSTER,
                seeds(),
                null,
                null,
                null,
                false,
                null,
                null,
                Duration.ofSeconds(2),
                RedisSettings.DEFAULT_PREFIX);
    }

    /** The hash slot of a key, as the cluster computes it. */
    public int slotOf(String key) {
        return ((Long) require(running().call("CLUSTER", "KEYSLOT", key))).intValue();
    }

    /** The node currently serving (as master) the slot of this key. */
    public RedisServer masterFor(String key) {
        int slot = slotOf(key);
        for (Object range : (List<?>) require(running().call("CLUSTER", "SLOTS"))) {
            List<?> r = (List<?>) range;
            long from = (Long) require(r.get(0));
            long to = (Long) require(r.get(1));
            if (slot >= from && slot <= to) {
                List<?> master = (List<?>) require(r.get(2));
                int port = ((Long) require(master.get(1))).intValue();
                return nodes.stream()
                        .filter(n -> n.port() == port)
                        .findFirst()
                        .orElseThrow(
                                () -> new IllegalStateException("slot " + slot + " served by unknown port " + port));
            }
        }
        throw new IllegalStateException("slot " + slot + " is not served by any node");
    }

    /** The nodes that are masters now (this changes after a failover). */
    public List<RedisServer> masters() {
        List<RedisServer> result = new ArrayList<>();
        for (RedisServer node : nodes) {
            if (node.isRunning() && node.callText("INFO", "replication").contains("role:master")) {
                result.add(node);
            }
        }
        return result;
    }

    /**
     * Moves one hash slot (and its keys) to {@code target} the way {@code redis-cli --cluster reshard}
     * does: IMPORTING/MIGRATING, MIGRATE of every key, then SETSLOT NODE on every master.
     */
    public void moveSlot(int slot, RedisServer target) {
        RedisServer source = masterForSlot(slot);
        if (source == target) {
            return;
        }
        String targetId = target.callText("CLUSTER", "MYID");
        String sourceId = source.callText("CLUSTER", "MYID");
        target.call("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId);
        source.call("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId);
        while (true) {
            List<?> keys = (List<?>) require(source.call("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "100"));
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(
                    List.of("MIGRATE", target.host(), Integer.toString(target.port()), "", "0", "5000", "KEYS"));
            keys.forEach(k -> migrate.add(String.valueOf(k)));
            source.call(migrate.toArray(String[]::new));
        }
        for (RedisServer node : masters()) {
            node.call("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
        }
        awaitConsistent();
    }

    private RedisServer masterForSlot(int slot) {
        for (RedisServer node : masters()) {
            List<?> ranges = (List<?>) require(node.call("CLUSTER", "SLOTS"));
            for (Object range : ranges) {
                List<?> r = (List<?>) range;
                if (slot >= (Long) require(r.get(0)) && slot <= (Long) require(r.get(1))) {
                    int port = ((Long) require(((List<?>) require(r.get(2))).get(1))).intValue();
                    return nodes.stream()
                            .filter(n -> n.port() == port)
                            .findFirst()
                            .orElseThrow();
                }
            }
        }
        throw new IllegalStateException("slot " + slot + " is not served");
    }

    @Override
    public synchronized void ensureRunning() {
        for (RedisServer node : nodes) {
            node.start();
        }
        if (!created) {
            List<String> command = new ArrayList<>();
            command.add(RedisBinaries.redisCli().toString());
            command.add("--cluster");
            command.add("create");
            command.addAll(seeds());
            command.add("--cluster-replicas");
            command.add(Integer.toString(replicasPerMaster));
            command.add("--cluster-yes");
            RedisCli.run(command);
            created = true;
        }
        awaitConsistent();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok}, all slots assigned, and knows
     * every node. A node restarted after {@link RedisServer#stop()} rejoins from its nodes.conf.
     */
    public void awaitConsistent() {
        long deadline = System.nanoTime() + CLUSTER_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisServer node : nodes) {
                if (!node.isRunning()) {
                    continue;
                }
                try {
                    String info = node.callText("CLUSTER", "INFO");
                    if (!info.contains("cluster_state:ok")
                            || !info.contains("cluster_slots_ok:16384")
                            || !info.contains("cluster_known_nodes:" + nodes.size())) {
                        ok = false;
                        last = node + ":\n" + info;
                        break;
                    }
                } catch (RuntimeException e) {
                    ok = false;
                    last = node + ": " + e.getMessage();
                    break;
                }
            }
            if (ok && slotOwnersAgree()) {
                return;
            }
            RedisServer.sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException(
                "the cluster did not become consistent within " + CLUSTER_TIMEOUT + "; last:\n" + last);
    }

    private boolean slotOwnersAgree() {
        String reference = null;
        for (RedisServer node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            String view = slotView(node);
            if (reference == null) {
                reference = view;
            } else if (!reference.equals(view)) {
                return false;
            }
        }
        return true;
    }

    private static String slotView(RedisServer node) {
        List<String> ranges = new ArrayList<>();
        for (Object range : (List<?>) require(node.call("CLUSTER", "SLOTS"))) {
            List<?> r = (List<?>) range;
            List<?> master = (List<?>) require(r.get(2));
            ranges.add(r.get(0) + "-" + r.get(1) + "@" + master.get(1));
        }
        ranges.sort(null);
        return String.join(",", ranges);
    }

    private RedisServer running() {
        return nodes.stream()
                .filter(RedisServer::isRunning)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no cluster node is running"));
    }

    private static Object require(@Nullable Object value) {
        if (value == null) {
            throw new IllegalStateException("unexpected nil reply");
        }
        return value;
    }

    @Override
    public synchronized void close() {
        for (RedisServer node : nodes) {
            node.close();
        }
        created = false;
    }

    /** Number of masters the cluster was created with. */
    public int masterCount() {
        return masters;
    }
}
