package dev.themis.runtime.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Incremental SCAN over every master (never KEYS, which blocks Redis for the whole keyspace), and
 * deletion of what it finds with UNLINK, one key per command so Cluster slots never mix.
 */
public final class KeyScan {

    /** Keys asked for per SCAN step. */
    public static final int COUNT = 1000;

    private final RedisConnection connection;

    public KeyScan(RedisConnection connection) {
        this.connection = connection;
    }

    /**
     * Calls {@code batch} with each node's client and each batch of keys matching the glob {@code
     * pattern} that SCAN returns (keys may repeat across batches, as SCAN guarantees only that every
     * key present for the whole scan is returned at least once).
     */
    public void forEach(String pattern, BiConsumer<UnifiedJedis, List<String>> batch) {
        ScanParams params = new ScanParams().match(pattern).count(COUNT);
        for (HostPort master : connection.masters()) {
            connection.onNode(master, node -> {
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> step = node.scan(cursor, params);
                    if (!step.getResult().isEmpty()) {
                        batch.accept(node, step.getResult());
                    }
                    cursor = step.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
                return null;
            });
        }
    }

    /** Every key matching {@code pattern}, sorted, without duplicates; at most {@code limit}. */
    public List<String> keys(String pattern, int limit) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        forEach(pattern, (node, batch) -> keys.addAll(batch));
        List<String> all = new ArrayList<>(keys);
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
    }

    /** UNLINKs every key matching {@code pattern} that {@code keep} does not protect; returns how many went. */
    public long delete(String pattern, java.util.function.Predicate<String> keep) {
        long[] deleted = {0};
        forEach(pattern, (node, batch) -> {
            List<String> doomed = batch.stream().filter(k -> !keep.test(k)).toList();
            if (doomed.isEmpty()) {
                return;
            }
            try (AbstractPipeline pipeline = node.pipelined()) {
                List<redis.clients.jedis.Response<Long>> replies = new ArrayList<>();
                for (String key : doomed) {
                    replies.add(pipeline.unlink(key));
                }
                pipeline.sync();
                for (var reply : replies) {
                    deleted[0] += reply.get();
                }
            }
        });
        return deleted[0];
    }

    /** Escapes glob metacharacters ({@code * ? [ ] \}) so {@code text} matches only itself. */
    public static String escapeGlob(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
