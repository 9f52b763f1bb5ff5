package dev.themis.tmscli.ops;

import dev.themis.runtime.monitor.MonitorScope;
import dev.themis.runtime.monitor.RedisTrafficMonitor;
import dev.themis.runtime.monitor.TrafficSeries;
import dev.themis.runtime.redis.HostPort;
import dev.themis.runtime.redis.RedisConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Runtime state in Redis, on the key layout of {@code docs/redis-schema.md}: metadata hash
 * {@code P{o:OBJECT}:meta} (with per-object overrides as fields {@code limit:POLICY}), counters
 * {@code P{o:OBJECT}:rl:POLICY} (sorted set, score = ms), penalty blocks {@code
 * P{o:OBJECT}:blk:POLICY} (blocked-until ms), traffic series read through the runtime's {@link
 * RedisTrafficMonitor}. Keys are found with SCAN on every master, never KEYS; only keys under the
 * prefix are ever touched.
 */
final class RedisState implements StatePort {
    static final String LIMIT_FIELD = "limit:";

    private final RedisConnection connection;
    private final UnifiedJedis jedis;
    private final String prefix;
    private final Clock clock;
    private final LongSupplier globalTtl;

    RedisState(RedisConnection connection, Clock clock, LongSupplier globalTtl) {
        this.connection = connection;
        this.jedis = connection.client();
        this.prefix = connection.settings().keyPrefix();
        this.clock = clock;
        this.globalTtl = globalTtl;
    }

    private String objectTag(String object) {
        return prefix + "{o:" + object + "}:";
    }

    private String meta(String object) {
        return objectTag(object) + "meta";
    }

    @Override
    public Map<String, String> metadata(String object) {
        Map<String, String> all = new TreeMap<>(jedis.hgetAll(meta(object)));
        all.keySet().removeIf(k -> k.startsWith(LIMIT_FIELD));
        return all;
    }

    @Override
    public void setMetadata(String object, String key, String value) {
        String k = meta(object);
        jedis.hset(k, key, value);
        refreshTtl(k);
    }

    /** global_ttl from the last administrator write; no expiry while an override is stored. */
    private void refreshTtl(String key) {
        boolean hasOverride = jedis.hkeys(key).stream().anyMatch(f -> f.startsWith(LIMIT_FIELD));
        if (hasOverride) {
            jedis.persist(key);
        } else {
            long ttl = globalTtl.getAsLong();
            if (ttl > 0) {
                jedis.expire(key, ttl);
            }
        }
    }

    @Override
    public boolean deleteMetadata(String object, @Nullable String key) {
        String k = meta(object);
        if (key != null) {
            return jedis.hdel(k, key) > 0;
        }
        // Overrides are contracts, not volatile state: deleting an object's metadata keeps them.
        List<String> fields =
                jedis.hkeys(k).stream().filter(f -> !f.startsWith(LIMIT_FIELD)).toList();
        if (fields.isEmpty()) {
            return false;
        }
        jedis.hdel(k, fields.toArray(String[]::new));
        return true;
    }

    @Override
    public List<String> search(String pattern) {
        List<String> out = new ArrayList<>();
        scan(globEscape(prefix) + pattern, out::add);
        out.sort(null);
        return out;
    }

    @Override
    public long deleteMatching(String pattern) {
        return unlinkAll(globEscape(prefix) + pattern);
    }

    @Override
    public long flushThemis() {
        return unlinkAll(globEscape(prefix) + "*");
    }

    private long unlinkAll(String match) {
        long[] n = {0};
        for (HostPort node : connection.masters()) {
            connection.onNode(node, one -> {
                scanNode(one, match, key -> n[0] += one.unlink(key));
                return null;
            });
        }
        return n[0];
    }

    private void scan(String match, Consumer<String> each) {
        for (HostPort node : connection.masters()) {
            connection.onNode(node, one -> {
                scanNode(one, match, each);
                return null;
            });
        }
    }

    private static void scanNode(UnifiedJedis one, String match, Consumer<String> each) {
        ScanParams params = new ScanParams().match(match).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = one.scan(cursor, params);
            page.getResult().forEach(each);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    static String globEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
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

    @Override
    public List<Map<String, Object>> blocked() {
        long now = clock.millis();
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> metas = new ArrayList<>();
        scan(globEscape(prefix) + "{o:*}:meta", metas::add);
        for (String k : metas) {
            String v = jedis.hget(k, "manual_block");
            String object = objectOf(k);
            if (object != null && v != null && v.equalsIgnoreCase("true")) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("object", object);
                e.put("reason", "manual_block");
                out.add(e);
            }
        }
        List<String> blocks = new ArrayList<>();
        scan(globEscape(prefix) + "{o:*}:blk:*", blocks::add);
        for (String k : blocks) {
            String v = jedis.get(k);
            String object = objectOf(k);
            long until = parseLong(v);
            if (object != null && until > now) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("object", object);
                e.put("reason", "limit");
                e.put("policy", k.substring(k.lastIndexOf(":blk:") + 5));
                e.put("until", Instant.ofEpochMilli(until).toString());
                e.put("seconds", (until - now + 999) / 1000);
                out.add(e);
            }
        }
        out.sort((a, b) -> String.valueOf(a.get("object")).compareTo(String.valueOf(b.get("object"))));
        return out;
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

    @Override
    public boolean unblock(String object) {
        boolean was = false;
        String m = meta(object);
        String v = jedis.hget(m, "manual_block");
        if (v != null && v.equalsIgnoreCase("true")) {
            jedis.hset(m, "manual_block", "FALSE");
            was = true;
        }
        List<String> blocks = new ArrayList<>();
        scan(globEscape(objectTag(object)) + "blk:*", blocks::add);
        for (String k : blocks) {
            was |= jedis.unlink(k) > 0;
        }
        return was;
    }

    @Override
    public long reset(String object, @Nullable String policy) {
        List<String> keys = new ArrayList<>();
        if (policy != null) {
            keys.add(objectTag(object) + "rl:" + policy);
            keys.add(objectTag(object) + "blk:" + policy);
        } else {
            scan(globEscape(objectTag(object)) + "rl:*", keys::add);
            scan(globEscape(objectTag(object)) + "blk:*", keys::add);
        }
        long n = 0;
        for (String k : keys) {
            n += jedis.unlink(k);
        }
        return n;
    }

    @Override
    public List<Map<String, Object>> overrides(@Nullable String object) {
        List<String> metas = new ArrayList<>();
        if (object != null) {
            metas.add(meta(object));
        } else {
            scan(globEscape(prefix) + "{o:*}:meta", metas::add);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String k : metas) {
            String o = objectOf(k);
            if (o == null) {
                continue;
            }
            for (Map.Entry<String, String> f : new TreeMap<>(jedis.hgetAll(k)).entrySet()) {
                if (f.getKey().startsWith(LIMIT_FIELD)) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("object", o);
                    e.put("policy", f.getKey().substring(LIMIT_FIELD.length()));
                    e.put("JailSpec", f.getValue());
                    out.add(e);
                }
            }
        }
        out.sort(
                (a, b) -> (a.get("object") + " " + a.get("policy")).compareTo(b.get("object") + " " + b.get("policy")));
        return out;
    }

    @Override
    public void setOverride(String object, String policy, String jailSpec) {
        String k = meta(object);
        jedis.hset(k, LIMIT_FIELD + policy, jailSpec);
        refreshTtl(k);
    }

    @Override
    public boolean removeOverride(String object, String policy) {
        String k = meta(object);
        boolean removed = jedis.hdel(k, LIMIT_FIELD + policy) > 0;
        if (removed && jedis.exists(k)) {
            refreshTtl(k);
        }
        return removed;
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

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
