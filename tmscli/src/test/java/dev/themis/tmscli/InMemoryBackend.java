package dev.themis.tmscli;

import dev.themis.tmscli.ops.Backend;
import dev.themis.tmscli.ops.ConfigPort;
import dev.themis.tmscli.ops.ConflictException;
import dev.themis.tmscli.ops.StatePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A hand-written fake of the Redis side, for fast tests of the command logic. */
final class InMemoryBackend implements Backend, ConfigPort, StatePort {
    long version;
    final TreeMap<String, String> statements = new TreeMap<>();
    final Map<String, Map<String, String>> metadata = new TreeMap<>();
    final Map<String, String> overrides = new TreeMap<>();
    /** Runs before the next apply, once: simulates another administrator's change in between. */
    @Nullable
    Consumer<InMemoryBackend> beforeNextApply;

    int applies;
    int conflicts;

    @Override
    public ConfigPort config() {
        return this;
    }

    @Override
    public StatePort state() {
        return this;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}

    @Override
    public synchronized Snapshot read() {
        return new Snapshot(version, statements);
    }

    @Override
    public synchronized long apply(long expectedVersion, List<Change> changes) {
        Consumer<InMemoryBackend> hook = beforeNextApply;
        if (hook != null) {
            beforeNextApply = null;
            hook.accept(this);
        }
        if (expectedVersion != version) {
            conflicts++;
            throw new ConflictException("version " + version + " != " + expectedVersion);
        }
        applies++;
        for (Change c : changes) {
            switch (c) {
                case Change.Put p -> statements.put(p.key(), p.text());
                case Change.Delete d -> statements.remove(d.key());
            }
        }
        return ++version;
    }

    @Override
    public Map<String, String> metadata(String object) {
        return metadata.getOrDefault(object, Map.of());
    }

    @Override
    public void setMetadata(String object, String key, String value) {
        metadata.computeIfAbsent(object, o -> new TreeMap<>()).put(key, value);
    }

    @Override
    public boolean deleteMetadata(String object, @Nullable String key) {
        if (key == null) {
            return metadata.remove(object) != null;
        }
        Map<String, String> m = metadata.get(object);
        return m != null && m.remove(key) != null;
    }

    @Override
    public List<String> search(String pattern) {
        List<String> out = new ArrayList<>();
        String regex = pattern.replace(".", "\\.").replace("*", ".*").replace("?", ".");
        for (String k : statements.keySet()) {
            if (("themis:cfg:" + k).matches("themis:" + regex) || k.matches(regex)) {
                out.add("themis:cfg:" + k);
            }
        }
        return out;
    }

    @Override
    public long deleteMatching(String pattern) {
        return 0;
    }

    @Override
    public long flushThemis() {
        long n = statements.size() + metadata.size();
        statements.clear();
        metadata.clear();
        version = 0;
        return n;
    }

    @Override
    public List<Map<String, Object>> blocked() {
        List<Map<String, Object>> out = new ArrayList<>();
        metadata.forEach((o, m) -> {
            if ("TRUE".equals(m.get("manual_block"))) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("object", o);
                e.put("reason", "manual_block");
                out.add(e);
            }
        });
        return out;
    }

    @Override
    public boolean unblock(String object) {
        Map<String, String> m = metadata.get(object);
        return m != null && m.remove("manual_block") != null;
    }

    @Override
    public long reset(String object, @Nullable String policy) {
        return 0;
    }

    @Override
    public List<Map<String, Object>> overrides(@Nullable String object) {
        List<Map<String, Object>> out = new ArrayList<>();
        overrides.forEach((k, v) -> {
            String[] parts = k.split("\\|", 2);
            if (object == null || parts[0].equals(object)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("object", parts[0]);
                e.put("policy", parts[1]);
                e.put("JailSpec", v);
                out.add(e);
            }
        });
        return out;
    }

    @Override
    public void setOverride(String object, String policy, String jailSpec) {
        overrides.put(object + "|" + policy, jailSpec);
    }

    @Override
    public boolean removeOverride(String object, String policy) {
        return overrides.remove(object + "|" + policy) != null;
    }

    @Override
    public List<Map<String, Object>> usage(String object, String policy, List<long[]> conditions, long nowMillis) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long[] c : conditions) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("limit", c[0]);
            e.put("seconds", c[1]);
            e.put("used", 0);
            e.put("remaining", c[0]);
            out.add(e);
        }
        return out;
    }

    @Override
    public Map<Long, Long> series(@Nullable String policy, long fromEpochSecond, long toEpochSecond) {
        return Map.of(toEpochSecond, 3L);
    }
}
