package dev.themis.runtime.testing;

import dev.themis.runtime.redis.RedisSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One real {@code redis-server} process on a free loopback port, usable as a JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServer redis = RedisServer.create();
 *
 * @Test
 * void survivesOutage() {
 *     var settings = redis.settings();   // or redis.uri() -> "redis://127.0.0.1:PORT"
 *     redis.stop();                       // outage
 *     redis.start();                      // back on the same port, empty (nothing is persisted)
 * }
 * }</pre>
 *
 * <p>The server never persists ({@code save ""}, {@code appendonly no}), binds 127.0.0.1 only and is
 * stopped by its own PID. Extra configuration lines go through {@link Builder#config(String)}, for
 * example {@code rename-command CONFIG ""} to simulate a managed Redis that forbids CONFIG SET.
 */
public final class RedisServer extends ManagedRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform()
                        .unstarted(() -> LIVE.forEach(p -> {
                            resume(p);
                            p.destroyForcibly();
                        })));
    }

    private final List<String> extraConfig;
    private final @Nullable String password;
    private final boolean clusterEnabled;
    private final boolean sentinel;
    private final boolean fixedPort;
    private final boolean tls;
    private String host = "127.0.0.1";
    private int port;
    private @Nullable Object docker; // a DockerRedis, typed Object so Testcontainers stays optional
    private @Nullable Path directory;
    private @Nullable Process process;
    private boolean suspended;

    private RedisServer(Builder builder) {
        this.extraConfig = List.copyOf(builder.config);
        this.password = builder.password;
        this.clusterEnabled = builder.clusterEnabled;
        this.sentinel = builder.sentinel;
        this.fixedPort = builder.port != 0;
        this.tls = builder.tls;
        this.port = builder.port;
    }

    /** A plain standalone server. */
    public static RedisServer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a server; {@link #build()} does not start it. */
    public static final class Builder {
        private final List<String> config = new ArrayList<>();
        private @Nullable String password;
        private boolean clusterEnabled;
        private boolean sentinel;
        private int port;
        private boolean tls;

        private Builder() {}

        /**
         * Serves TLS only (a self-signed certificate for 127.0.0.1, no client certificates); {@link
         * #uri()} and {@link #settings()} then carry the trust store.
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Appends one line to the server's configuration file, e.g. {@code rename-command CONFIG ""}. */
        public Builder config(String line) {
            if (line.contains("\n") || line.contains("\r")) {
                throw new IllegalArgumentException("one configuration line at a time");
            }
            config.add(line);
            return this;
        }

        /** Requires this password for the {@code default} user ({@code requirepass}). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Uses this port instead of a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        Builder clusterEnabled() {
            this.clusterEnabled = true;
            return this;
        }

        Builder sentinel() {
            this.sentinel = true;
            return this;
        }

        public RedisServer build() {
            return new RedisServer(this);
        }
    }

    public synchronized String host() {
        return host;
    }

    /** The port; allocated on first use and kept across {@link #stop()} / {@link #start()}. */
    public synchronized int port() {
        if (port == 0) {
            port = FreePorts.next(clusterEnabled);
        }
        return port;
    }

    /** {@code host:port}. */
    public String hostAndPort() {
        return host + ":" + port();
    }

    /** {@code redis://[:password@]127.0.0.1:PORT}, the form {@code RedisSettings.parse} reads. */
    public String uri() {
        String base = (tls ? "rediss://" : "redis://") + (password == null ? "" : ":" + password + "@") + hostAndPort();
        if (!tls) {
            return base;
        }
        return base + "?truststore=" + TlsMaterial.get().trustStore + "&truststorePassword="
                + TlsMaterial.TRUST_STORE_PASSWORD;
    }

    /** The PKCS12 trust store that trusts this server's certificate (TLS servers only). */
    public java.nio.file.Path trustStore() {
        if (!tls) {
            throw new IllegalStateException("not a TLS server");
        }
        return TlsMaterial.get().trustStore;
    }

    /** Standalone settings for this server, prefix {@code themis:}, a 2 s deadline. */
    public RedisSettings settings() {
        return new RedisSettings(
                RedisSettings.Mode.STANDALONE,
                List.of(hostAndPort()),
                null,
                null,
                password,
                tls,
                tls ? TlsMaterial.get().trustStore : null,
                tls ? TlsMaterial.TRUST_STORE_PASSWORD : null,
                Duration.ofSeconds(2),
                RedisSettings.DEFAULT_PREFIX);
    }

    public @Nullable String password() {
        return password;
    }

    /** PID of the running process. */
    public synchronized long pid() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return p.pid();
    }

    public synchronized boolean isRunning() {
        if (docker != null) {
            return true;
        }
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The working directory (configuration, log, cluster state). */
    public synchronized Path directory() {
        Path dir = directory;
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("themis-redis-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for redis-server", e);
            }
            directory = dir;
        }
        return dir;
    }

    /**
     * Starts the server (again on the same port after {@link #stop()}) and waits until it answers.
     * Does nothing when it is already running.
     */
    public synchronized RedisServer start() {
        if (isRunning() || docker != null) {
            return this;
        }
        if (!RedisBinaries.hasRedisServer() && plain() && port == 0 && DockerRedis.available()) {
            DockerRedis container = DockerRedis.start();
            docker = container;
            host = container.host();
            port = container.port();
            return this;
        }
        int attempts = fixedPort || port != 0 ? 1 : 3;
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                launch();
                return this;
            } catch (IllegalStateException e) {
                failure = e;
                if (!logTail().contains("Address already in use")) {
                    throw e;
                }
                port = 0; // somebody took the port between probing and binding: pick another
            }
        }
        throw failure == null ? new IllegalStateException("redis-server did not start") : failure;
    }

    private javax.net.ssl.@Nullable SSLSocketFactory tlsFactory() {
        return tls ? TlsMaterial.get().socketFactory() : null;
    }

    private boolean plain() {
        return !tls && !clusterEnabled && !sentinel && !fixedPort && extraConfig.isEmpty();
    }

    private void launch() {
        Path dir = directory();
        int p = port();
        Path conf = dir.resolve(sentinel ? "sentinel.conf" : "redis.conf");
        List<String> lines = new ArrayList<>();
        lines.add("bind 127.0.0.1");
        if (tls) {
            TlsMaterial material = TlsMaterial.get();
            lines.add("port 0");
            lines.add("tls-port " + p);
            lines.add("tls-cert-file " + quote(material.certificate.toString()));
            lines.add("tls-key-file " + quote(material.privateKey.toString()));
            lines.add("tls-ca-cert-file " + quote(material.certificate.toString()));
            lines.add("tls-auth-clients no");
        } else {
            lines.add("port " + p);
        }
        lines.add("dir " + quote(dir.toString()));
        lines.add("logfile " + quote(dir.resolve("redis.log").toString()));
        lines.add("daemonize no");
        if (!sentinel) {
            lines.add("save \"\"");
            lines.add("appendonly no");
        }
        if (password != null) {
            lines.add("requirepass " + quote(password));
        }
        if (clusterEnabled) {
            lines.add("cluster-enabled yes");
            lines.add("cluster-config-file nodes.conf");
            lines.add("cluster-node-timeout 2000");
        }
        lines.addAll(extraConfig);
        try {
            Files.deleteIfExists(dir.resolve("redis.log"));
            // Sentinel rewrites its file at run time; keep what it learned across restarts.
            if (!sentinel || !Files.exists(conf)) {
                Files.write(conf, lines, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + conf, e);
        }
        List<String> command =
                new ArrayList<>(List.of(RedisBinaries.redisServer().toString(), conf.toString()));
        if (sentinel) {
            command.add("--sentinel");
        }
        Process started;
        try {
            started = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        LIVE.add(started);
        process = started;
        suspended = false;
        awaitReady(started);
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                LIVE.remove(started);
                process = null;
                throw new IllegalStateException("redis-server on port " + port + " exited with status "
                        + started.exitValue() + " at start:\n" + logTail());
            }
            try (Resp resp = new Resp(host, port, Duration.ofSeconds(1), tlsFactory())) {
                if (password != null) {
                    resp.call("AUTH", password);
                }
                if ("PONG".equals(resp.call("PING"))) {
                    return;
                }
            } catch (IOException | Resp.ErrorReply e) {
                lastProblem = String.valueOf(e.getMessage());
            }
            sleep(Duration.ofMillis(20));
        }
        throw new IllegalStateException(
                "redis-server on port " + port + " did not answer PING: " + lastProblem + "\n" + logTail());
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s). The port is kept for {@link #start()}. */
    public synchronized void stop() {
        if (docker != null) {
            throw new IllegalStateException("this test stops and restarts Redis, which needs the redis-server binary;"
                    + " the Docker fallback only offers a plain server");
        }
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        if (suspended) {
            resume(p);
            suspended = false;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
        }
    }

    /** Stops and starts again on the same port: the data is gone, clients must reconnect. */
    public synchronized RedisServer restart() {
        stop();
        return start();
    }

    /**
     * Freezes the process (SIGSTOP): connections stay open but nothing answers, which is how a slow or
     * hung Redis looks to a client with a deadline. {@link #resume()} or {@link #stop()} undoes it.
     */
    public synchronized void suspend() {
        signal("-STOP");
        suspended = true;
    }

    /** Undoes {@link #suspend()}. */
    public synchronized void resume() {
        signal("-CONT");
        suspended = false;
    }

    private void signal(String signal) {
        long pid = pid();
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void resume(Process p) {
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // best effort: the process is being killed anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code redis-cli -h 127.0.0.1 -p PORT ARGS...} and returns its trimmed standard output,
     * e.g. {@code redisCli("CONFIG", "GET", "notify-keyspace-events")}. Fails when redis-cli exits
     * with a non-zero status.
     */
    public String redisCli(String... args) {
        List<String> command = new ArrayList<>(
                List.of(RedisBinaries.redisCli().toString(), "-h", host, "-p", Integer.toString(port())));
        if (password != null) {
            command.addAll(List.of("-a", password, "--no-auth-warning"));
        }
        if (tls) {
            command.addAll(
                    List.of("--tls", "--cacert", TlsMaterial.get().certificate.toString()));
        }
        Collections.addAll(command, args);
        return RedisCli.run(command);
    }

    /**
     * Sends one command over a fresh connection and returns the reply: a String (status or bulk), a
     * Long, a List, or null. An error reply throws {@link IllegalStateException} with its text.
     */
    public @Nullable Object call(String... args) {
        return callWithin(CALL_TIMEOUT, args);
    }

    /** {@link #call} with a deadline for connecting and for the reply. */
    public @Nullable Object callWithin(Duration timeout, String... args) {
        try (Resp resp = new Resp(host, port(), timeout, tlsFactory())) {
            if (password != null) {
                resp.call("AUTH", password);
            }
            return resp.call(args);
        } catch (Resp.ErrorReply e) {
            throw new IllegalStateException(
                    "redis-server on port " + port + " answered " + String.join(" ", args) + " with " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot talk to redis-server on port " + port, e);
        }
    }

    /** {@link #call} for commands that answer with text ({@code INFO}, {@code CLUSTER INFO}, ...). */
    public String callText(String... args) {
        return String.valueOf(call(args));
    }

    /** Removes every key (FLUSHALL), for tests that share one server per class. */
    public void flushAll() {
        call("FLUSHALL");
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        Path dir = directory;
        if (dir == null) {
            return "";
        }
        StringBuilder tail = new StringBuilder();
        for (String name : List.of("stdout.log", "redis.log")) {
            Path file = dir.resolve(name);
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    lines.subList(Math.max(0, lines.size() - 30), lines.size())
                            .forEach(l -> tail.append(l).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                tail.append("(cannot read ").append(file).append(")\n");
            }
        }
        return tail.toString();
    }

    @Override
    public synchronized void ensureRunning() {
        start();
    }

    /** Stops the process and deletes its working directory. */
    @Override
    public synchronized void close() {
        if (docker instanceof DockerRedis container) {
            container.stop();
            docker = null;
        }
        stop();
        Path dir = directory;
        directory = null;
        if (dir != null) {
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "redis-server " + hostAndPort() + (isRunning() ? "" : " (stopped)");
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a leftover temp file is harmless
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
