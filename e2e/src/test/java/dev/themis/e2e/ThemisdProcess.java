package dev.themis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code bin/themisd} process: temp configuration, {@code --listen inet:127.0.0.1:PORT},
 * optional {@code --redis URL}, its log captured in a file. Stopped with SIGTERM (its own PID: the
 * launcher {@code exec}s java), so the graceful stop path is what the tests exercise.
 */
public final class ThemisdProcess implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final Builder settings;
    private final Path dir;
    private final Path log;
    private final int port;
    private @Nullable Process process;

    private ThemisdProcess(Builder b) {
        this.settings = b;
        try {
            dir = Files.createTempDirectory("themis-e2e-themisd-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for themisd", e);
        }
        log = dir.resolve("themisd.log");
        port = b.port != 0 ? b.port : FreePort.pick();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to run themisd. Without {@link #redis} and {@link #config} it runs with its defaults. */
    public static final class Builder {
        private @Nullable String redis;
        private @Nullable String config;
        private final Map<String, String> files = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private int port;

        private Builder() {}

        /** {@code --redis URL}, e.g. {@code redis://127.0.0.1:6379}. */
        public Builder redis(String url) {
            this.redis = url;
            return this;
        }

        /**
         * A configuration file ({@code --config FILE}); {@code ${dir}} in the text becomes the
         * process's own directory (for policy files written with {@link #file}).
         */
        public Builder config(String yaml) {
            this.config = yaml;
            return this;
        }

        /** A file in the process's directory, e.g. a policy file the configuration names. */
        public Builder file(String name, String text) {
            files.put(name, text);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Extra command-line arguments. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** A fixed port instead of a free one. */
        public Builder port(int fixed) {
            this.port = fixed;
            return this;
        }

        /** Starts themisd and waits until its milter port answers. */
        public ThemisdProcess start() {
            ThemisdProcess t = new ThemisdProcess(this);
            try {
                t.writeFiles();
                t.start();
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
            return t;
        }
    }

    public int port() {
        return port;
    }

    /** The address Postfix's {@code smtpd_milters} takes. */
    public String milterAddress() {
        return "inet:127.0.0.1:" + port;
    }

    public Path directory() {
        return dir;
    }

    private void writeFiles() {
        try {
            for (var f : settings.files.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), expand(f.getValue()), StandardCharsets.UTF_8);
            }
            if (settings.config != null) {
                Files.writeString(dir.resolve("themisd.yaml"), expand(settings.config), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write themisd files in " + dir, e);
        }
    }

    private String expand(String text) {
        return text.replace("${dir}", dir.toString());
    }

    /** The full command line, for failure messages and the docs. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Repository.launcher("themisd", "milter/target/themisd.jar").toString());
        if (settings.config != null) {
            cmd.addAll(List.of("--config", dir.resolve("themisd.yaml").toString()));
        }
        cmd.addAll(List.of("--listen", "inet:127.0.0.1:" + port));
        if (settings.redis != null) {
            cmd.addAll(List.of("--redis", settings.redis));
        }
        cmd.addAll(settings.args);
        return cmd;
    }

    /** (Re)starts the process on the same port and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("themisd is already running (pid " + process.pid() + ")");
        }
        ProcessBuilder pb = new ProcessBuilder(command())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The caller's environment must not steer the daemon under test.
        pb.environment().keySet().removeIf(k -> k.startsWith("THEMIS_"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(settings.env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command(), e);
        }
        process = p;
        FreePort.awaitListening(
                port,
                START_DEADLINE,
                () -> p.isAlive()
                        ? ""
                        : "themisd exited with " + p.exitValue() + " before listening on " + port + ":\n" + log());
    }

    /** SIGTERM and wait for the graceful stop; returns the exit code. */
    public synchronized int stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return 0;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("themisd did not stop within " + STOP_DEADLINE + " of SIGTERM:\n" + log());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping themisd", e);
        }
    }

    /** The PID of the running daemon (the launcher execs java, so this is the JVM). */
    public synchronized long pid() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("themisd is not running:\n" + log());
        }
        return p.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Everything themisd printed so far (all runs of this instance). */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Length of the log now: pass to {@link #logSince} to look only at what comes after. */
    public int logMark() {
        return log().length();
    }

    public String logSince(int mark) {
        String all = log();
        return mark <= all.length() ? all.substring(mark) : all;
    }

    /** Every decision line logged so far. */
    public List<DecisionLine> decisions() {
        return log().lines().flatMap(l -> DecisionLine.parse(l).stream()).toList();
    }

    /** Waits for a decision line for the given queue id. */
    public DecisionLine awaitDecision(String queueId) {
        return awaitDecision(d -> d.queueId().equals(queueId), "queue id " + queueId);
    }

    /** Waits for a decision line matching {@code filter}. */
    public DecisionLine awaitDecision(Predicate<DecisionLine> filter, String what) {
        return Pause.until(
                        Duration.ofSeconds(20),
                        () -> decisions().stream().filter(filter).findFirst())
                .orElseThrow(() -> new AssertionError("themisd logged no decision for " + what + "; log:\n" + log()));
    }

    /** Waits for a log line (after {@code mark}) that matches {@code line}; lines come from a log writer thread. */
    public Optional<String> awaitLog(int mark, Predicate<String> line, Duration deadline) {
        return Pause.until(deadline, () -> logSince(mark).lines().filter(line).findFirst());
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (!Boolean.getBoolean("themis.e2e.keep")) {
                Commands.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
            }
        }
    }

    @Override
    public String toString() {
        return "themisd on 127.0.0.1:" + port + " (" + String.join(" ", command()) + ")";
    }
}
