package dev.themis.runtime.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One Lua script kept as its own resource file (its header documents KEYS, ARGV, reads, writes and
 * the reply). Called with EVALSHA; after NOSCRIPT (a restarted or failed-over server, SCRIPT FLUSH)
 * it is loaded with SCRIPT LOAD on the node of the first key and called again.
 */
public final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** Loads {@code resource} relative to {@code anchor}'s package, e.g. {@code ("config_read.lua", ConfigStore.class)}. */
    public static LuaScript fromResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua resource " + resource + " next to " + anchor.getName());
            }
            return new LuaScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua resource " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    public String sha1() {
        return sha1;
    }

    public String source() {
        return source;
    }

    /** EVALSHA with KEYS and ARGV; loads the script after NOSCRIPT and retries once. */
    public Object eval(UnifiedJedis jedis, List<String> keys, List<String> args) {
        Objects.requireNonNull(jedis, "jedis");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(name + ": a script call needs at least one key (it routes the call)");
        }
        try {
            return jedis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            jedis.scriptLoad(source, keys.getFirst());
            return jedis.evalsha(sha1, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + sha1.substring(0, 12);
    }
}
