package dev.themis.tmscli.ops;

import dev.themis.compiler.model.JailSpec;
import dev.themis.runtime.metadata.BlockedObject;
import dev.themis.runtime.metadata.MetadataStore;
import dev.themis.runtime.monitor.MonitorScope;
import dev.themis.runtime.monitor.RedisTrafficMonitor;
import dev.themis.runtime.monitor.TrafficSeries;
import dev.themis.runtime.redis.HostPort;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.tmscli.cli.UsageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Runtime state in Redis. Metadata, overrides, blocks, key search and flushing go through the
 * runtime's {@link MetadataStore}; traffic through its {@link RedisTrafficMonitor}. Reading one
 * object's counters ({@code P{o:OBJECT}:rl:POLICY}, sorted set, score = ms, see {@code
 * docs/redis-schema.md}) for {@code usage} is done here, read-only, with the same window rule as
 * the engine's script. Keys are found with SCAN on every master, never KEYS.
 */
final class RedisState implements StatePort {
    /** At most this many keys are printed by {@code -g --search}. */
    static final int SEARCH_LIMIT = 100_000;

    private final RedisConnection connection;
    private final MetadataStore metadata;
    private final UnifiedJedis jedis;
    private final String prefix;
    private final Clock clock;
    private final LongSupplier globalTtl;

    RedisState(RedisConnection connection, Clock clock, LongSupplier globalTtl) {
        this.connection = connection;
        this.metadata = new MetadataStore(connection, clock);
        this.jedis = connection.client();
        this.prefix = connection.settings().keyPrefix();
        this.clock = clock;
        this.globalTtl = globalTtl;
    }

    private String objectTag(String object) {
        return prefix + "{o:" + object + "}:";
    }

    private Duration ttl() {
        return Duration.ofSeconds(Math.max(1, globalTtl.getAsLong()));
    }

    private static <T> T checked(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public Map<String, String> metadata(String object) {
        Map<String, String> all = new TreeMap<>(metadata.get(object).fields());
        all.keySet().removeIf(k -> k.startsWith(MetadataStore.LIMIT_FIELD_PREFIX));
        return all;
    }

    @Override
    public void setMetadata(String object, String key, String value) {
        checked(() -> metadata.set(object, key, value, ttl()));
    }

    @Override
    public boolean deleteMetadata(String object, @Nullable String key) {
        Map<String, String> fields = metadata(object);
        if (key != null) {
            if (!fields.containsKey(key)) {
                return false;
            }
            checked(() -> metadata.remove(object, key, ttl()));
            return true;
        }
        // Overrides are contracts, not volatile state: deleting an object's metadata keeps them.
        if (fields.isEmpty()) {
            return false;
        }
        for (String field : fields.keySet()) {
            checked(() -> metadata.remove(object, field, ttl()));
        }
        return true;
    }

    @Override
    public List<String> search(String pattern) {
        return metadata.search(pattern, SEARCH_LIMIT);
    }

    @Override
    public long deleteMatching(String pattern) {
        return metadata.deleteMatching(pattern);
    }

    @Override
    public long flushThemis() {
        return metadata.flushThemis();
    }

    @Override
    public List<Map<String, Object>> blocked() {
        long now = clock.millis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (BlockedObject b : metadata.blockedObjects()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("object", b.object());
            e.put("reason", b.reason() == BlockedObject.Reason.MANUAL ? "manual_block" : "custom_block");
            if (b.policy() != null) {
                e.put("policy", b.policy());
            }
            Instant until = b.until();
            if (until != null) {
                e.put("until", until.toString());
                e.put("seconds", Math.max(0, (until.toEpochMilli() - now + 999) / 1000));
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public boolean unblock(String object) {
        return metadata.unblock(object, ttl()) > 0;
    }

    @Override
    public long reset(String object, @Nullable String policy) {
        if (policy == null) {
            return metadata.reset(object);
        }
        return jedis.unlink(objectTag(object) + "rl:" + policy, objectTag(object) + "blk:" + policy);
    }

    @Override
    public List<Map<String, Object>> overrides(@Nullable String object) {
        List<String> objects = new ArrayList<>();
        if (object != null) {
            objects.add(object);
        } else {
            List<String> metas = new ArrayList<>();
            scan(RedisState.globEscape(prefix) + "{o:*}:meta", metas::add);
            for (String k : metas) {
                String o = objectOf(k);
                if (o != null) {
                    objects.add(o);
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String o : new java.util.TreeSet<>(objects)) {
            metadata.get(o).limitOverrides().forEach((policy, spec) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("object", o);
                e.put("policy", policy);
                e.put("JailSpec", spec);
                out.add(e);
            });
        }
        return out;
    }

    @Override
    public void setOverride(String object, String policy, String jailSpec) {
        JailSpec spec =
                JailSpec.parse(jailSpec).orElseThrow(() -> new UsageException("bad JailSpec `" + jailSpec + "`"));
        checked(() -> metadata.setLimitOverride(object, policy, spec, ttl()));
    }

    @Override
    public boolean removeOverride(String object, String policy) {
        if (!metadata.get(object).limitOverrides().containsKey(policy)) {
            return false;
        }
        checked(() -> metadata.removeLimitOverride(object, policy, ttl()));
        return true;
    }

    @Override
    public List<Map<String, Object>> usage(String object, String policy, List<long[]> conditions, long nowMillis) {
        String rl = objectTag(object) + "rl:" + policy;
        String blk = objectTag(object) + "blk:" + policy;
        long blockedUntil = parseLong(jedis.get(blk));
        List<Map<String, Object>> out = new ArrayList<>();
        for (long[] c : conditions) {
            long limit = c[0];
            long windowMs = c[1] * 1000;
            long since = nowMillis - windowMs;
            List<Tuple> inWindow = jedis.zrangeByScoreWithScores(rl, "(" + since, "+inf");
            long used = inWindow.size();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("limit", limit);
            e.put("seconds", c[1]);
            e.put("used", used);
            e.put("remaining", Math.max(0, limit - used));
            long freeAt = nowMillis;
            if (used >= limit && limit > 0) {
                // the (used - limit + 1)-th oldest message must leave the window
                freeAt = (long) inWindow.get((int) (used - limit)).getScore() + windowMs;
            }
            if (blockedUntil > freeAt) {
                freeAt = blockedUntil;
            }
            e.put("nextAllowedAt", Instant.ofEpochMilli(freeAt).toString());
            e.put("nextAllowedInSeconds", Math.max(0, (freeAt - nowMillis + 999) / 1000));
            e.put(
                    "resetsAt",
                    used == 0
                            ? null
                            : Instant.ofEpochMilli((long) inWindow.getLast().getScore() + windowMs)
                                    .toString());
            out.add(e);
        }
        return out;
    }

    @Override
    public Map<Long, Long> series(@Nullable String policy, long fromEpochSecond, long toEpochSecond) {
        RedisTrafficMonitor monitor = new RedisTrafficMonitor(jedis, prefix);
        TrafficSeries s = monitor.series(
                policy == null ? MonitorScope.all() : MonitorScope.policy(policy),
                Instant.ofEpochSecond(fromEpochSecond),
                Instant.ofEpochSecond(toEpochSecond + 1));
        Map<Long, Long> out = new TreeMap<>();
        for (TrafficSeries.SecondCount c : s.counts()) {
            out.merge(c.second().getEpochSecond(), c.count(), Long::sum);
        }
        return out;
    }

    private void scan(String match, Consumer<String> each) {
        for (HostPort node : connection.masters()) {
            connection.onNode(node, one -> {
                ScanParams params = new ScanParams().match(match).count(1000);
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = one.scan(cursor, params);
                    page.getResult().forEach(each);
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
                return null;
            });
        }
    }

    static String globEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The object of a key {@code P{o:OBJECT}:...}. */
    private @Nullable String objectOf(String key) {
        int start = key.indexOf("{o:", prefix.length());
        int end = key.lastIndexOf("}:");
        return start < 0 || end < start ? null : key.substring(start + 3, end);
    }

    private static long parseLong(@Nullable String v) {
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
