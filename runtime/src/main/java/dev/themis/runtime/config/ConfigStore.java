package dev.themis.runtime.config;

import dev.themis.runtime.redis.LuaScript;
import dev.themis.runtime.redis.RedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;

/**
 * The configuration in Redis: read in one consistent step, written atomically with compare-and-set
 * on the version. Thread-safe; every method is one or a few Redis calls with the client's deadline
 * (a {@link redis.clients.jedis.exceptions.JedisException} when Redis does not answer in time).
 *
 * <pre>{@code
 * ConfigStore store = new ConfigStore(connection);
 * ConfigSnapshot now = store.read();
 * store.apply(now.version(), List.of(new ConfigChange.Put("group:staff", "group staff @example.com")));
 * }</pre>
 */
public final class ConfigStore {

    /** How often {@link #update} and {@link #replaceAll} re-read and retry after a conflict. */
    public static final int MAX_ATTEMPTS = 10;

    private static final LuaScript READ = LuaScript.fromResource(ConfigStore.class, "config_read.lua");
    private static final LuaScript APPLY = LuaScript.fromResource(ConfigStore.class, "config_apply.lua");

    private final UnifiedJedis jedis;
    private final ConfigKeys keys;

    public ConfigStore(UnifiedJedis jedis, String keyPrefix) {
        this.jedis = Objects.requireNonNull(jedis, "jedis");
        this.keys = new ConfigKeys(keyPrefix);
    }

    public ConfigStore(RedisConnection connection) {
        this(connection.client(), connection.settings().keyPrefix());
    }

    public ConfigKeys keys() {
        return keys;
    }

    /** The stored configuration: its version and all statements, from one atomic script. */
    public ConfigSnapshot read() {
        Object reply = retryingRead(() -> READ.eval(jedis, List.of(keys.version(), keys.statements()), List.of()));
        List<?> parts = (List<?>) reply;
        long version = Long.parseLong(text(parts.get(0)));
        List<?> flat = (List<?>) parts.get(1);
        TreeMap<String, String> statements = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            statements.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return new ConfigSnapshot(version, statements);
    }

    /** Only the version (one GET): cheap enough to poll. */
    public long version() {
        String v = retryingRead(() -> jedis.get(keys.version()));
        return v == null ? 0 : Long.parseLong(v);
    }

    /**
     * Applies every change atomically if the stored version is still {@code expectedVersion}, and
     * bumps the version when something really changed.
     *
     * @return the version now stored (unchanged when the changes changed nothing)
     * @throws ConfigConflictException when the version differs; nothing was written
     */
    public long apply(long expectedVersion, List<? extends ConfigChange> changes) {
        List<String> args = new ArrayList<>(2 + 3 * changes.size());
        args.add(Long.toString(expectedVersion));
        args.add(Integer.toString(changes.size()));
        for (ConfigChange change : changes) {
            switch (change) {
                case ConfigChange.Put put -> {
                    args.add("put");
                    args.add(put.key());
                    args.add(put.text());
                }
                case ConfigChange.Delete delete -> {
                    args.add("del");
                    args.add(delete.key());
                    args.add("");
                }
            }
        }
        List<?> reply = (List<?>) APPLY.eval(jedis, List.of(keys.version(), keys.statements()), args);
        String status = text(reply.get(0));
        long version = Long.parseLong(text(reply.get(1)));
        if (status.equals("conflict")) {
            throw new ConfigConflictException(expectedVersion, version);
        }
        return version;
    }

    /**
     * Optimistic edit: reads, asks {@code edit} for the changes against that snapshot, applies them
     * with compare-and-set, and on a conflict starts again with the new snapshot (at most {@link
     * #MAX_ATTEMPTS} times). {@code edit} may throw to refuse the change (e.g. "policy exists"); it
     * is called again for every attempt, so it must not have side effects.
     *
     * @return the version now stored
     * @throws ConfigConflictException when every attempt met a concurrent write
     */
    public long update(Function<ConfigSnapshot, List<? extends ConfigChange>> edit) {
        ConfigConflictException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ConfigSnapshot snapshot = read();
            List<? extends ConfigChange> changes = edit.apply(snapshot);
            if (changes.isEmpty()) {
                return snapshot.version();
            }
            try {
                return apply(snapshot.version(), changes);
            } catch (ConfigConflictException e) {
                last = e;
            }
        }
        throw Objects.requireNonNull(last);
    }

    /** What {@link #replaceAll} would change now (for {@code tmscli diff} and {@code push --dry-run}). */
    public ConfigDiff diff(Map<String, String> statements) {
        return ConfigDiff.between(read().statements(), statements);
    }

    /**
     * Makes the stored configuration exactly {@code statements} (key → canonical text) in one atomic
     * write ({@code tmscli push}): the whole set lands or nothing does. Retries on concurrent writes.
     */
    public ReplaceResult replaceAll(Map<String, String> statements) {
        ConfigConflictException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ConfigSnapshot before = read();
            ConfigDiff diff = ConfigDiff.between(before.statements(), statements);
            if (diff.isEmpty()) {
                return new ReplaceResult(before.version(), before.version(), diff);
            }
            try {
                long version = apply(before.version(), diff.changes());
                return new ReplaceResult(before.version(), version, diff);
            } catch (ConfigConflictException e) {
                last = e;
            }
        }
        throw Objects.requireNonNull(last);
    }

    // A pooled connection that outlived a Redis restart fails once ("Unexpected end of stream") and
    // is discarded; a read is safe to repeat on a fresh one. Writes are not repeated: a lost reply
    // leaves it unknown whether the write happened (the caller sees the exception and re-reads).
    private static <T> T retryingRead(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
            return read.get();
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes
                ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(value);
    }
}
