package dev.themis.runtime.metadata;

import dev.themis.compiler.model.JailSpec;
import dev.themis.compiler.model.MetadataCatalog;
import dev.themis.compiler.model.MetadataKey;
import dev.themis.runtime.config.ConfigKeys;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.eval.JailObjects;
import dev.themis.runtime.limit.CounterKeys;
import dev.themis.runtime.redis.KeyScan;
import dev.themis.runtime.redis.LuaScript;
import dev.themis.runtime.redis.RedisConnection;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Per-object metadata and key management for tmscli (spec sections 3 and 8, issue 6).
 *
 * <ul>
 *   <li>Metadata lives in the hash {@code P{o:OBJECT}:meta} (tagged like the object's counters), expires
 *       {@code global_ttl} after the last administrator write, and never while it holds a limit
 *       override ({@code limit:POLICY}).
 *   <li>Objects are accepted bare or in the original's full form {@code NS:metadata:OBJECT}, and
 *       normalised as the engine computes them (lowercase; IPv6 in RFC 5952 form).
 *   <li>Searching and deleting use incremental SCAN on every master, never KEYS.
 * </ul>
 */
public final class MetadataStore {

    /** Field prefix of a per-object limit override: {@code limit:POLICY → N:S[;N:S...]}. */
    public static final String LIMIT_FIELD_PREFIX = "limit:";

    /** The default of feature {@code global_ttl}. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(86_400);

    /** The default of feature {@code global_namespace}. */
    public static final String DEFAULT_NAMESPACE = "AI";

    private static final LuaScript WRITE = LuaScript.fromResource(MetadataStore.class, "metadata_write.lua");

    private final RedisConnection connection;
    private final UnifiedJedis jedis;
    private final String prefix;
    private final CounterKeys keys;
    private final Clock clock;

    public MetadataStore(RedisConnection connection, Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.jedis = connection.client();
        this.prefix = connection.settings().keyPrefix();
        this.keys = new CounterKeys(prefix);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public MetadataStore(RedisConnection connection) {
        this(connection, Clock.systemUTC());
    }

    /**
     * The object as the engine names it: {@code NAMESPACE:metadata:} removed when present (the
     * original's full key form, case-insensitive), surrounding space removed, lowercase, IP
     * addresses in their canonical text form.
     *
     * @throws IllegalArgumentException when nothing is left
     */
    public static String normalizeObject(String input, String namespace) {
        String object = input.strip();
        String full = namespace + ":metadata:";
        if (object.regionMatches(true, 0, full, 0, full.length())) {
            object = object.substring(full.length()).strip();
        }
        if (object.isEmpty()) {
            throw new IllegalArgumentException("empty object in `" + input + "`");
        }
        object = object.toLowerCase(Locale.ROOT);
        if (looksLikeIp(object)) {
            try {
                object = JailObjects.ip(InetAddress.ofLiteral(object));
            } catch (IllegalArgumentException e) {
                // not an address after all: keep the text
            }
        }
        return object;
    }

    /** {@link #normalizeObject(String, String)} with the default namespace {@code AI}. */
    public static String normalizeObject(String input) {
        return normalizeObject(input, DEFAULT_NAMESPACE);
    }

    private static boolean looksLikeIp(String text) {
        if (text.indexOf('@') >= 0) {
            return false;
        }
        boolean colon = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == '.' || c == ':' || (c >= '0' && c <= '9') || (colon && c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return colon || text.chars().filter(c -> c == '.').count() == 3;
    }

    /** The metadata hash key of a (normalised) object. */
    public String metadataKey(String object) {
        return keys.metadata(object);
    }

    /** The object's metadata (empty when it has none). */
    public ObjectMetadata get(String object) {
        String key = keys.metadata(object);
        Map<String, String> fields = jedis.hgetAll(key);
        long ttl = fields.isEmpty() ? -2 : jedis.ttl(key);
        return new ObjectMetadata(object, new TreeMap<>(fields), ttl >= 0 ? Duration.ofSeconds(ttl) : null);
    }

    /**
     * Sets one administrator key ({@code bypass}, {@code manual_block}) after checking it against
     * the {@link MetadataCatalog}; the value is stored in canonical form ({@code TRUE}/{@code FALSE}).
     *
     * @param ttl the feature {@code global_ttl}
     * @throws IllegalArgumentException with a one-line message for an unknown or read-only key or a bad value
     */
    public ObjectMetadata set(String object, String key, String value, Duration ttl) {
        MetadataKey metadataKey = writableKey(key);
        String problem = metadataKey.problem(value.strip());
        if (problem != null) {
            throw new IllegalArgumentException("invalid value for metadata `" + metadataKey.key() + "`: " + problem);
        }
        write(object, Map.of(metadataKey.key(), metadataKey.canonical(value.strip())), List.of(), ttl);
        return get(object);
    }

    /** Removes one field (any key, also themisd's state such as {@code block_count}). */
    public ObjectMetadata remove(String object, String field, Duration ttl) {
        write(object, Map.of(), List.of(field), ttl);
        return get(object);
    }

    /** Removes all metadata of the object, overrides included. */
    public boolean delete(String object) {
        return jedis.unlink(keys.metadata(object)) > 0;
    }

    /**
     * Gives the object its own limit for one policy (issue 6): its counters for {@code policy} are
     * then checked against {@code spec} instead of the policy's JailSpec. The metadata hash stops
     * expiring while it holds an override.
     *
     * @param policy the policy name as written (a pool policy is {@code POOL:NAME})
     */
    public ObjectMetadata setLimitOverride(String object, String policy, JailSpec spec, Duration ttl) {
        if (spec.usesGlobalConditions()) {
            throw new IllegalArgumentException("a limit override needs real conditions, not `0:0`");
        }
        checkPolicyName(policy);
        write(object, Map.of(LIMIT_FIELD_PREFIX + policy, spec.spelling()), List.of(), ttl);
        return get(object);
    }

    /** Removes the object's override for {@code policy}; the policy's own JailSpec applies again. */
    public ObjectMetadata removeLimitOverride(String object, String policy, Duration ttl) {
        checkPolicyName(policy);
        write(object, Map.of(), List.of(LIMIT_FIELD_PREFIX + policy), ttl);
        return get(object);
    }

    private void write(String object, Map<String, String> set, List<String> delete, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("global_ttl must be positive");
        }
        List<String> args = new ArrayList<>();
        args.add(Long.toString(ttl.toSeconds()));
        args.add(Integer.toString(set.size()));
        new TreeMap<>(set).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        args.add(Integer.toString(delete.size()));
        args.addAll(delete);
        WRITE.eval(jedis, List.of(keys.metadata(object)), args);
    }

    private static MetadataKey writableKey(String key) {
        MetadataKey metadataKey = MetadataKey.lookup(key.strip())
                .orElseThrow(() -> new IllegalArgumentException("unknown metadata key `" + key + "`; known keys: "
                        + MetadataCatalog.all().stream().map(MetadataKey::key).collect(Collectors.joining(", "))));
        if (!metadataKey.writable()) {
            throw new IllegalArgumentException(
                    "metadata `" + metadataKey.key() + "` is kept by themisd and cannot be set; "
                            + "administrators set: "
                            + MetadataCatalog.all().stream()
                                    .filter(MetadataKey::writable)
                                    .map(MetadataKey::key)
                                    .collect(Collectors.joining(", ")));
        }
        return metadataKey;
    }

    private static void checkPolicyName(String policy) {
        if (policy.isBlank() || policy.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("invalid policy name `" + policy + "`");
        }
    }

    /**
     * Objects refused now: {@code manual_block TRUE}, or a custom block ({@code global_custom_block})
     * that has not ended. One SCAN pass over every master; sorted by object.
     */
    public List<BlockedObject> blockedObjects() {
        KeyScan scan = new KeyScan(connection);
        String escaped = KeyScan.escapeGlob(prefix);
        String metaPrefix = prefix + "{o:";
        List<BlockedObject> blocked = new ArrayList<>();
        scan.forEach(escaped + "{o:*}:meta", (node, batch) -> {
            List<Response<String>> replies = new ArrayList<>();
            try (AbstractPipeline pipeline = node.pipelined()) {
                for (String key : batch) {
                    replies.add(pipeline.hget(key, "manual_block"));
                }
                pipeline.sync();
            }
            for (int i = 0; i < batch.size(); i++) {
                if (ObjectMetadata.truthy(replies.get(i).get())) {
                    String key = batch.get(i);
                    String object = key.substring(metaPrefix.length(), key.length() - "}:meta".length());
                    blocked.add(new BlockedObject(object, BlockedObject.Reason.MANUAL, null, null));
                }
            }
        });
        Instant now = clock.instant();
        scan.forEach(escaped + "{o:*}:blk:*", (node, batch) -> {
            List<Response<String>> replies = new ArrayList<>();
            try (AbstractPipeline pipeline = node.pipelined()) {
                for (String key : batch) {
                    replies.add(pipeline.get(key));
                }
                pipeline.sync();
            }
            for (int i = 0; i < batch.size(); i++) {
                String until = replies.get(i).get();
                if (until == null) {
                    continue;
                }
                String key = batch.get(i);
                int marker = key.lastIndexOf("}:blk:");
                Instant end = parseMillis(until);
                if (marker > metaPrefix.length() && end != null && end.isAfter(now)) {
                    blocked.add(new BlockedObject(
                            key.substring(metaPrefix.length(), marker),
                            BlockedObject.Reason.CUSTOM_BLOCK,
                            key.substring(marker + "}:blk:".length()),
                            end));
                }
            }
        });
        blocked.sort(Comparator.comparing(BlockedObject::object)
                .thenComparing(BlockedObject::reason)
                .thenComparing(b -> String.valueOf(b.policy())));
        return List.copyOf(blocked.stream().distinct().toList());
    }

    private static @Nullable Instant parseMillis(String text) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Lets the object send again now: removes {@code manual_block} and every custom block of the
     * object. Its counters stay (see {@link #reset}).
     *
     * @return how many blocks were lifted
     */
    public long unblock(String object, Duration ttl) {
        long lifted = get(object).manualBlock() ? 1 : 0;
        if (lifted > 0) {
            write(object, Map.of(), List.of("manual_block"), ttl);
        }
        return lifted + deleteObjectKeys(object, ":blk:*");
    }

    /**
     * Forgets what the object sent: removes its counters of every policy and its custom blocks;
     * metadata (manual block, bypass, overrides) stays.
     *
     * @return how many keys were removed
     */
    public long reset(String object) {
        return deleteObjectKeys(object, ":rl:*") + deleteObjectKeys(object, ":blk:*");
    }

    private long deleteObjectKeys(String object, String suffixPattern) {
        String tagged = KeyScan.escapeGlob(prefix + "{o:" + object + "}") + suffixPattern;
        // every key of the object shares its slot: only the owner of that slot can hold them
        return connection.onNode(connection.ownerOf(keys.metadata(object)), node -> {
            long deleted = 0;
            for (String key : scanOne(node, tagged)) {
                deleted += node.unlink(key);
            }
            return deleted;
        });
    }

    private static List<String> scanOne(UnifiedJedis node, String pattern) {
        List<String> found = new ArrayList<>();
        var params = new redis.clients.jedis.params.ScanParams().match(pattern).count(KeyScan.COUNT);
        String cursor = redis.clients.jedis.params.ScanParams.SCAN_POINTER_START;
        do {
            var step = node.scan(cursor, params);
            found.addAll(step.getResult());
            cursor = step.getCursor();
        } while (!cursor.equals(redis.clients.jedis.params.ScanParams.SCAN_POINTER_START));
        return found;
    }

    /**
     * Keys under the prefix matching {@code pattern} (a Redis glob applied after the prefix, e.g.
     * {@code *user@example.com*}), sorted, at most {@code limit} ({@code tmscli -g --search}).
     */
    public List<String> search(String pattern, int limit) {
        return new KeyScan(connection).keys(KeyScan.escapeGlob(prefix) + pattern, limit);
    }

    /**
     * Deletes keys under the prefix matching {@code pattern} ({@code tmscli -d --del-lookup}). The
     * configuration ({@code P{cfg}:*}) is never touched: it changes only through {@link ConfigStore},
     * so the version and hot reload stay right.
     *
     * @return how many keys were deleted
     */
    public long deleteMatching(String pattern) {
        String configTag = prefix + "{cfg}:";
        return new KeyScan(connection).delete(KeyScan.escapeGlob(prefix) + pattern, k -> k.startsWith(configTag));
    }

    /**
     * Removes every Themis key ({@code tmscli --flushdb}) and nothing else of the same Redis. The
     * configuration is emptied through {@link ConfigStore#replaceAll} so its version keeps growing
     * (a themisd never mistakes a new configuration for the one it has) and every themisd reloads.
     *
     * @return how many keys were deleted besides the configuration
     */
    public long flushThemis() {
        new ConfigStore(jedis, prefix).replaceAll(Map.of());
        String version = new ConfigKeys(prefix).version();
        return new KeyScan(connection).delete(KeyScan.escapeGlob(prefix) + "*", version::equals);
    }
}
