package dev.themis.tmscli.settings;

import dev.themis.tmscli.Io;
import dev.themis.tmscli.cli.GlobalOptions;
import dev.themis.tmscli.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Finds the Redis connection the way the original tmscli did, plus flags:
 *
 * <ol>
 *   <li>{@code --config FILE}, else {@code $THEMIS_CFG} (that file only; it must exist);
 *   <li>otherwise {@code /etc/themis/config.yaml}, then {@code ~/.tmscli.yaml} on top of it (the
 *       user's file wins, so {@code tmscli -a --remote HOST} takes effect);
 *   <li>then the environment: {@code THEMIS_REDIS} (URL), {@code THEMIS_REDISPASSWD};
 *   <li>then the flags {@code --redis}, {@code --user}, {@code --password}, {@code --tls},
 *       {@code --truststore}, {@code --truststore-password}, {@code --prefix}.
 * </ol>
 *
 * <p>The files are YAML with a {@code redis} section, read as themisd reads it: {@code url},
 * {@code user}, {@code password}, {@code passwordFile}, {@code tls: {trustStore,
 * trustStorePassword}}, {@code keyPrefix}. Also accepted: a bare URL string, {@code host}/{@code
 * server} + {@code port} + {@code db}, {@code tls: true}. Other sections are ignored.
 */
public final class ConfigDiscovery {
    private ConfigDiscovery() {}

    public static final String USER_FILE = ".tmscli.yaml";

    public static ConnectionSettings resolve(GlobalOptions options, Io io) {
        Layer layer = new Layer();
        List<String> sources = new ArrayList<>();
        String explicit = options.config() != null ? options.config() : io.env("THEMIS_CFG");
        if (explicit != null) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                String from = options.config() != null ? "--config" : "THEMIS_CFG";
                throw new UsageException(
                        "configuration file " + p + " (from " + from + ") does not exist", "connection");
            }
            layer.read(p);
            sources.add(p.toString());
        } else {
            for (Path p : List.of(io.systemConfig(), io.home().resolve(USER_FILE))) {
                if (Files.isRegularFile(p)) {
                    layer.read(p);
                    sources.add(p.toString());
                }
            }
        }
        String envUrl = io.env("THEMIS_REDIS");
        if (envUrl != null) {
            layer.url = envUrl;
            sources.add("THEMIS_REDIS");
        }
        String envPassword = io.env("THEMIS_REDISPASSWD");
        if (envPassword != null) {
            layer.password = envPassword;
            sources.add("THEMIS_REDISPASSWD");
        }
        if (options.redisUrl() != null) {
            layer.url = options.redisUrl();
            sources.add("--redis");
        }
        if (options.user() != null) {
            layer.user = options.user();
        }
        if (options.password() != null) {
            layer.password = options.password();
        }
        if (options.tls()) {
            layer.tls = true;
        }
        if (options.trustStore() != null) {
            layer.trustStore = options.trustStore();
        }
        if (options.trustStorePassword() != null) {
            layer.trustStorePassword = options.trustStorePassword();
        }
        if (options.prefix() != null) {
            layer.prefix = options.prefix();
        }
        String url = layer.url != null ? layer.url : ConnectionSettings.DEFAULT_URL;
        return new ConnectionSettings(
                url,
                layer.user,
                layer.password,
                layer.tls,
                layer.trustStore,
                layer.trustStorePassword,
                layer.prefix,
                sources);
    }

    /**
     * {@code tmscli -a --remote HOST}: records HOST (or {@code HOST:PORT}, or a full URL) as the
     * Redis of {@code ~/.tmscli.yaml}, keeping the file's other settings. Returns the file written.
     */
    public static Path writeRemote(Io io, String host) {
        String url = toUrl(host);
        Path file = io.home().resolve(USER_FILE);
        Map<String, Object> root = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Object loaded = load(file);
            if (loaded instanceof Map<?, ?> m) {
                m.forEach((k, v) -> root.put(String.valueOf(k), v));
            }
        }
        Map<String, Object> redis = new LinkedHashMap<>();
        if (root.get("redis") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> redis.put(String.valueOf(k), v));
            redis.remove("host");
            redis.remove("server");
            redis.remove("port");
            redis.remove("db");
        }
        redis.put("url", url);
        root.put("redis", redis);
        StringBuilder yaml = new StringBuilder("# written by `tmscli -a --remote`\n");
        yaml.append(new org.snakeyaml.engine.v2.api.Dump(
                        org.snakeyaml.engine.v2.api.DumpSettings.builder().build())
                .dumpToString(root));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".tmscli", ".yaml");
            try {
                // The file may hold a password: readable by its owner only.
                try {
                    Files.setPosixFilePermissions(
                            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: nothing to restrict
                }
                Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
                Files.move(
                        tmp,
                        file,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a URL → a Redis URL. */
    static String toUrl(String host) {
        String h = host.trim();
        if (h.contains("://")) {
            return h;
        }
        if (h.isEmpty() || h.contains("/") || h.contains("@") || h.chars().anyMatch(Character::isWhitespace)) {
            throw new UsageException(
                    "bad remote host `" + host + "`: give HOST, HOST:PORT or a redis:// URL", "remote");
        }
        boolean bracketed = h.startsWith("[");
        boolean hasPort = bracketed ? h.contains("]:") : h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':');
        if (!bracketed && h.indexOf(':') != h.lastIndexOf(':')) {
            h = "[" + h + "]"; // a bare IPv6 address
            hasPort = false;
        }
        return "redis://" + h + (hasPort ? "" : ":6379");
    }

    private static @Nullable Object load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage(), "connection");
        } catch (YamlEngineException e) {
            throw new UsageException(
                    "bad YAML in " + file + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    "connection");
        }
    }

    private static final class Layer {
        @Nullable
        String url;

        @Nullable
        String user;

        @Nullable
        String password;

        boolean tls;

        @Nullable
        String trustStore;

        @Nullable
        String trustStorePassword;

        @Nullable
        String prefix;

        void read(Path file) {
            Object root = load(file);
            if (root == null) {
                return;
            }
            if (!(root instanceof Map<?, ?> map)) {
                throw new UsageException(file + ": expected a YAML map at the top", "connection");
            }
            Object redis = map.get("redis");
            if (redis == null) {
                return;
            }
            if (redis instanceof String s) {
                url = s;
                return;
            }
            if (!(redis instanceof Map<?, ?> r)) {
                throw new UsageException(file + ": `redis` must be a URL or a map", "connection");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            r.forEach((k, v) -> {
                if (v != null) {
                    m.put(String.valueOf(k).toLowerCase(Locale.ROOT).replace('-', '_'), v);
                }
            });
            Object u = m.getOrDefault("url", m.get("uri"));
            if (u != null) {
                url = String.valueOf(u);
            } else if (m.containsKey("host") || m.containsKey("server")) {
                String host = String.valueOf(m.getOrDefault("host", m.get("server")));
                String port = String.valueOf(m.getOrDefault("port", 6379));
                String db = m.containsKey("db") ? "/" + m.get("db") : "";
                url = "redis://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + db;
            }
            if (m.containsKey("user") || m.containsKey("username")) {
                user = String.valueOf(m.getOrDefault("user", m.get("username")));
            }
            if (m.containsKey("password")) {
                password = String.valueOf(m.get("password"));
            }
            if (m.containsKey("passwordfile") || m.containsKey("password_file")) {
                Path pf = Path.of(String.valueOf(m.getOrDefault("passwordfile", m.get("password_file"))));
                if (!pf.isAbsolute() && file.toAbsolutePath().getParent() != null) {
                    pf = file.toAbsolutePath().getParent().resolve(pf);
                }
                try {
                    password = Files.readString(pf, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UsageException(
                            file + ": cannot read redis.passwordFile " + pf + ": " + e.getMessage(), "connection");
                }
            }
            // themisd writes `tls:` as a map with trustStore/trustStorePassword; a boolean works too
            Map<String, Object> t = new LinkedHashMap<>(m);
            if (m.get("tls") instanceof Boolean b) {
                tls = b;
            } else if (m.get("tls") instanceof Map<?, ?> tm) {
                tls = true;
                tm.forEach((k, v) -> {
                    if (v != null) {
                        t.put(String.valueOf(k).toLowerCase(Locale.ROOT).replace('-', '_'), v);
                    }
                });
            }
            Object ts = t.getOrDefault("truststore", t.get("trust_store"));
            if (ts != null) {
                trustStore = String.valueOf(ts);
            }
            Object tsp = t.getOrDefault(
                    "truststorepassword", t.getOrDefault("truststore_password", t.get("trust_store_password")));
            if (tsp != null) {
                trustStorePassword = String.valueOf(tsp);
            }
            Object px = m.getOrDefault("keyprefix", m.getOrDefault("prefix", m.get("key_prefix")));
            if (px != null) {
                prefix = String.valueOf(px);
            }
        }
    }
}
