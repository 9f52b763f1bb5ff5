package dev.themis.milter.daemon;

import dev.themis.compiler.parse.Names;
import dev.themis.milter.server.ListenAddress;
import dev.themis.milter.server.ServerSettings;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.redis.RedisSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Builds the effective configuration from the YAML file, the environment ({@code THEMIS_CFG},
 * {@code THEMIS_REDIS}, {@code THEMIS_REDISPASSWD}) and the command line, in that order of
 * increasing precedence. Collects every problem before failing; unknown keys are errors with a
 * "did you mean" so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    private static final Set<String> TOP = Set.of(
            "listen", "store", "policies", "redis", "onFailure", "logLevel", "metrics", "milter", "reloadPollInterval");
    private static final Set<String> REDIS =
            Set.of("url", "user", "password", "passwordFile", "tls", "timeout", "keyPrefix");
    private static final Set<String> TLS = Set.of("trustStore", "trustStorePassword");
    private static final Set<String> METRICS = Set.of("enabled", "listen");
    private static final Set<String> MILTER = Set.of(
            "idleTimeout",
            "packetTimeout",
            "stopGrace",
            "socketMode",
            "maxHeaderBytes",
            "threads",
            "negotiateMacros",
            "carriers");
    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    /**
     * @param env the process environment (tests pass their own)
     * @param themisHome the installation directory ({@code -Dthemis.home}); example policies live under it
     */
    public static DaemonConfig load(Options options, Map<String, String> env, @Nullable Path themisHome)
            throws ConfigException {
        List<String> problems = new ArrayList<>();
        String configFile = options.config() != null ? options.config() : blankToNull(env.get("THEMIS_CFG"));
        Map<String, Object> root = Map.of();
        Path baseDir = Path.of("").toAbsolutePath();
        String source = "defaults";
        if (configFile != null) {
            Path file = Path.of(configFile).toAbsolutePath();
            source = file.toString();
            Path parent = file.getParent();
            if (parent != null) {
                baseDir = parent;
            }
            root = readYaml(file, problems);
        }
        Reader r = new Reader(source, problems);
        r.checkKeys("", root, TOP);

        // listen
        String listenText =
                options.listen() != null ? options.listen() : r.string(root, "listen", DaemonConfig.DEFAULT_LISTEN);
        ListenAddress listen = null;
        try {
            listen = ListenAddress.parse(listenText);
        } catch (IllegalArgumentException e) {
            problems.add(where(options.listen() != null ? "--listen" : source + ": `listen`") + e.getMessage());
        }

        // store
        Map<String, Object> redisMap = r.map(root, "redis");
        r.checkKeys("redis.", redisMap, REDIS);
        String redisUrl = options.redis() != null
                ? options.redis()
                : blankToNull(env.get("THEMIS_REDIS")) != null
                        ? env.get("THEMIS_REDIS")
                        : r.string(redisMap, "redis.url", null);
        String storeType = r.string(root, "store", null);
        if (storeType == null) {
            storeType = redisUrl != null ? "redis" : "embedded";
        } else if (options.redis() != null || blankToNull(env.get("THEMIS_REDIS")) != null) {
            storeType = "redis"; // a URL on the command line or in the environment wins
        }
        StoreSettings store = null;
        switch (storeType.toLowerCase(Locale.ROOT)) {
            case "embedded" -> store = embedded(r, root, baseDir, themisHome, problems);
            case "redis" -> store = redis(r, redisMap, redisUrl, env, baseDir, options, problems);
            default -> problems.add(source + ": `store`: expected `embedded` or `redis`, got `" + storeType + "`");
        }

        // failure rule, logging
        String onFailureText = r.string(root, "onFailure", "accept").toLowerCase(Locale.ROOT);
        Verdict onFailure = switch (onFailureText) {
            case "accept" -> Verdict.ACCEPT;
            case "tempfail", "defer" -> Verdict.TEMPFAIL;
            default -> {
                problems.add(source + ": `onFailure`: expected `accept` or `tempfail`, got `" + onFailureText + "`");
                yield Verdict.ACCEPT;
            }
        };
        String logLevel = r.string(root, "logLevel", "info").toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(logLevel)) {
            problems.add(
                    source + ": `logLevel`: expected one of error, warn, info, debug, trace; got `" + logLevel + "`");
            logLevel = "info";
        }

        // metrics
        InetSocketAddress metrics = null;
        Object metricsNode = root.get("metrics");
        if (metricsNode instanceof Boolean b) {
            metrics = b
                    ? new InetSocketAddress(InetAddress.getLoopbackAddress(), DaemonConfig.DEFAULT_METRICS_PORT)
                    : null;
        } else if (metricsNode != null) {
            Map<String, Object> m = r.map(root, "metrics");
            r.checkKeys("metrics.", m, METRICS);
            boolean enabled = r.bool(m, "metrics.enabled", m.containsKey("listen"));
            if (enabled) {
                metrics = metricsAddress(
                        r.string(m, "metrics.listen", "127.0.0.1:" + DaemonConfig.DEFAULT_METRICS_PORT),
                        source,
                        problems);
            }
        }

        // milter server
        Map<String, Object> milter = r.map(root, "milter");
        r.checkKeys("milter.", milter, MILTER);
        ServerSettings defaults = ServerSettings.defaults();
        Duration idle = r.duration(milter, "milter.idleTimeout", defaults.idleTimeout());
        Duration packet = r.duration(milter, "milter.packetTimeout", defaults.packetTimeout());
        Duration stopGrace = r.duration(milter, "milter.stopGrace", Duration.ofSeconds(30));
        Set<PosixFilePermission> mode = defaults.unixSocketPermissions();
        String modeText = r.string(milter, "milter.socketMode", null);
        if (modeText != null) {
            mode = octalMode(modeText, source, problems);
        }
        int maxHeaderBytes = r.integer(milter, "milter.maxHeaderBytes", defaults.maxHeaderBytes());
        String threadsText = r.string(milter, "milter.threads", "virtual").toUpperCase(Locale.ROOT);
        ServerSettings.Threads threads = ServerSettings.Threads.VIRTUAL;
        try {
            threads = ServerSettings.Threads.valueOf(threadsText);
        } catch (IllegalArgumentException e) {
            problems.add(source + ": `milter.threads`: expected `virtual` or `platform`");
        }
        boolean negotiateMacros = r.bool(milter, "milter.negotiateMacros", true);
        int carriers = carriers(milter.get("carriers"), source, problems);
        Duration poll = r.duration(root, "reloadPollInterval", Duration.ofSeconds(5));

        if (!problems.isEmpty() || listen == null || store == null) {
            throw new ConfigException(problems.isEmpty() ? List.of("invalid configuration") : problems);
        }
        ServerSettings server;
        try {
            server = new ServerSettings(
                    defaults.maxFrame(), idle, packet, onFailure, threads, mode, maxHeaderBytes, negotiateMacros);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(source + ": `milter`: " + e.getMessage()));
        }
        return new DaemonConfig(source, listen, store, onFailure, logLevel, metrics, server, stopGrace, poll, carriers);
    }

    /**
     * {@code milter.carriers}: the carrier threads that run the connections' virtual threads, a
     * number or {@code auto} (the default): half the cores, at least one. The milter shares its host
     * with the MTA, which does far more work per message; fewer carriers wake fewer idle threads per
     * milter event (docs/themisd.md, "Small hosts").
     */
    static int carriers(@Nullable Object value, String source, List<String> problems) {
        if (value == null || "auto".equals(value)) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
        if (value instanceof Integer n && n >= 1 && n <= 256) {
            return n;
        }
        problems.add(source + ": `milter.carriers`: expected `auto` or a number of threads from 1 to 256");
        return 1;
    }

    private static StoreSettings embedded(
            Reader r, Map<String, Object> root, Path baseDir, @Nullable Path themisHome, List<String> problems) {
        List<String> patterns = r.stringList(root, "policies");
        List<Path> files = new ArrayList<>();
        if (patterns == null) {
            files.addAll(DefaultPolicies.choose(themisHome).files());
        } else {
            for (String p : patterns) {
                files.addAll(expand(baseDir, p, r.source, problems));
            }
        }
        return new StoreSettings.Embedded(files);
    }

    private static List<Path> expand(Path baseDir, String pattern, String source, List<String> problems) {
        Path p = baseDir.resolve(pattern);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.contains("*") || name.contains("?") || name.contains("[")) {
            Path dir = p.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                problems.add(source + ": `policies`: directory of `" + pattern + "` does not exist");
                return List.of();
            }
            TreeSet<Path> found = new TreeSet<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
                ds.forEach(found::add);
            } catch (IOException e) {
                problems.add(source + ": `policies`: cannot list `" + dir + "`: " + e.getMessage());
            }
            if (found.isEmpty()) {
                problems.add(source + ": `policies`: `" + pattern + "` matches no file");
            }
            return List.copyOf(found);
        }
        if (!Files.isRegularFile(p)) {
            problems.add(source + ": `policies`: file `" + p + "` does not exist");
            return List.of();
        }
        return List.of(p);
    }

    private static @Nullable StoreSettings redis(
            Reader r,
            Map<String, Object> redisMap,
            @Nullable String url,
            Map<String, String> env,
            Path baseDir,
            Options options,
            List<String> problems) {
        if (url == null) {
            problems.add(r.source + ": `store: redis` needs `redis.url` (or --redis URL, or THEMIS_REDIS)");
            return null;
        }
        RedisSettings settings;
        try {
            settings = RedisSettings.parse(url);
        } catch (IllegalArgumentException e) {
            String from = options.redis() != null
                    ? "--redis"
                    : env.containsKey("THEMIS_REDIS") ? "THEMIS_REDIS" : r.source + ": `redis.url`";
            problems.add(from + ": " + e.getMessage());
            return null;
        }
        String user = r.string(redisMap, "redis.user", settings.user());
        String password = r.string(redisMap, "redis.password", settings.password());
        String passwordFile = r.string(redisMap, "redis.passwordFile", null);
        if (passwordFile != null) {
            Path pf = baseDir.resolve(passwordFile);
            try {
                password = Files.readString(pf, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                problems.add(r.source + ": `redis.passwordFile`: cannot read `" + pf + "`: " + e.getMessage());
            }
        }
        String envPassword = blankToNull(env.get("THEMIS_REDISPASSWD"));
        if (envPassword != null) {
            password = envPassword;
        }
        settings = settings.withCredentials(user, password);
        Map<String, Object> tls = r.map(redisMap, "redis.tls");
        r.checkKeys("redis.tls.", tls, TLS);
        String trustStore = r.string(tls, "redis.tls.trustStore", null);
        if (trustStore != null) {
            Path ts = baseDir.resolve(trustStore);
            if (!Files.isReadable(ts)) {
                problems.add(r.source + ": `redis.tls.trustStore`: cannot read `" + ts + "`");
            }
            settings = settings.withTls(ts, r.string(tls, "redis.tls.trustStorePassword", null));
        }
        if (redisMap.containsKey("timeout")) {
            settings = settings.withTimeout(r.duration(redisMap, "redis.timeout", settings.timeout()));
        }
        String prefix = r.string(redisMap, "redis.keyPrefix", null);
        if (prefix != null) {
            settings = settings.withKeyPrefix(prefix);
        }
        return new StoreSettings.Redis(settings);
    }

    private static @Nullable InetSocketAddress metricsAddress(String text, String source, List<String> problems) {
        String host = "127.0.0.1";
        String port = text.strip();
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            host = port.substring(0, colon).replace("[", "").replace("]", "");
            port = port.substring(colon + 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65_535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, p);
        } catch (NumberFormatException e) {
            problems.add(source + ": `metrics.listen`: expected HOST:PORT, got `" + text + "`");
            return null;
        }
    }

    private static Set<PosixFilePermission> octalMode(String text, String source, List<String> problems) {
        String t = text.strip();
        if (!t.matches("0?[0-7]{3}")) {
            problems.add(source + ": `milter.socketMode`: expected an octal mode such as 0660, got `" + text + "`");
            return ServerSettings.defaults().unixSocketPermissions();
        }
        int mode = Integer.parseInt(t, 8);
        StringBuilder rwx = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            rwx.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(rwx.toString());
    }

    private static Map<String, Object> readYaml(Path file, List<String> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(file + ": cannot read the configuration file: " + e.getMessage());
            return Map.of();
        }
        try {
            Object data =
                    new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
            if (data == null) {
                return Map.of();
            }
            if (!(data instanceof Map<?, ?> m)) {
                problems.add(file + ": expected a mapping of settings at the top level");
                return Map.of();
            }
            return stringKeys(m);
        } catch (YamlEngineException e) {
            problems.add(file + ": not valid YAML: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip());
            return Map.of();
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(String.valueOf(k), v);
            }
        });
        return out;
    }

    private static String where(String what) {
        return what + ": ";
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Typed access to the YAML tree that records problems instead of throwing. */
    private static final class Reader {
        final String source;
        final List<String> problems;

        Reader(String source, List<String> problems) {
            this.source = source;
            this.problems = problems;
        }

        /** Keys may be written with their path ({@code milter.idleTimeout}) for messages. */
        static String leaf(String key) {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        void checkKeys(String prefix, Map<String, Object> map, Set<String> known) {
            for (String key : map.keySet()) {
                if (!known.contains(key)) {
                    String near = Names.suggest(key, known);
                    problems.add(source + ": unknown setting `" + prefix + key + "`"
                            + (near != null ? "; did you mean `" + prefix + near + "`?" : ""));
                }
            }
        }

        Map<String, Object> map(Map<String, Object> parent, String key) {
            Object v = parent.get(leaf(key));
            if (v == null) {
                return Map.of();
            }
            if (v instanceof Map<?, ?> m) {
                return stringKeys(m);
            }
            problems.add(source + ": `" + key + "`: expected a mapping");
            return Map.of();
        }

        @SuppressWarnings("NullAway") // returns the caller's default, which may be null
        String string(Map<String, Object> m, String key, @Nullable String dflt) {
            Object v = m.get(leaf(key));
            if (v == null) {
                return dflt;
            }
            if (v instanceof Map || v instanceof List) {
                problems.add(source + ": `" + key + "`: expected a single value");
                return dflt;
            }
            return String.valueOf(v);
        }

        @Nullable
        List<String> stringList(Map<String, Object> m, String key) {
            Object v = m.get(leaf(key));
            if (v == null) {
                return null;
            }
            if (v instanceof List<?> l) {
                return l.stream().map(String::valueOf).toList();
            }
            if (v instanceof Map) {
                problems.add(source + ": `" + key + "`: expected a list");
                return List.of();
            }
            return List.of(String.valueOf(v));
        }

        boolean bool(Map<String, Object> m, String key, boolean dflt) {
            Object v = m.get(leaf(key));
            if (v == null) {
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            problems.add(source + ": `" + key + "`: expected true or false");
            return dflt;
        }

        int integer(Map<String, Object> m, String key, int dflt) {
            Object v = m.get(leaf(key));
            if (v == null) {
                return dflt;
            }
            if (v instanceof Number n) {
                return n.intValue();
            }
            problems.add(source + ": `" + key + "`: expected a number");
            return dflt;
        }

        Duration duration(Map<String, Object> m, String key, Duration dflt) {
            Object v = m.get(leaf(key));
            if (v == null) {
                return dflt;
            }
            try {
                Duration d = Durations.parse(String.valueOf(v));
                if (d.isNegative() || d.isZero()) {
                    problems.add(source + ": `" + key + "`: must be positive");
                    return dflt;
                }
                return d;
            } catch (IllegalArgumentException e) {
                problems.add(source + ": `" + key + "`: " + e.getMessage());
                return dflt;
            }
        }
    }
}
