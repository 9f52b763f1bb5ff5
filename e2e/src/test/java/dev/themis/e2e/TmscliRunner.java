package dev.themis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs the real {@code bin/tmscli --redis URL ...} as an administrator would, with an empty home
 * directory so no {@code ~/.tmscli.yaml} or {@code THEMIS_*} variable of the machine leaks in.
 */
public final class TmscliRunner {
    private final String redisUrl;
    private final Path home;

    public TmscliRunner(String redisUrl) {
        this.redisUrl = redisUrl;
        try {
            this.home = Files.createTempDirectory("themis-e2e-tmscli-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a home directory for tmscli", e);
        }
        Path dir = home;
        if (!Boolean.getBoolean("themis.e2e.keep")) {
            Runtime.getRuntime()
                    .addShutdownHook(Thread.ofPlatform()
                            .unstarted(() -> Commands.run(List.of("rm", "-rf", "--one-file-system", dir.toString()))));
        }
    }

    /** Runs {@code tmscli --redis URL ARGS...}; returns exit code and output. */
    public ProcResult run(String... args) {
        return runWithInput(null, args);
    }

    /** Like {@link #run} with text on standard input (e.g. the answer to {@code -d --flushdb}). */
    public ProcResult runWithInput(@Nullable String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Repository.launcher("tmscli", "tmscli/target/tmscli.jar").toString());
        cmd.add("--redis");
        cmd.add(redisUrl);
        cmd.addAll(List.of(args));
        return Commands.run(cmd, stdin, Map.of("HOME", home.toString()), Duration.ofSeconds(60));
    }

    /** Runs and fails the test with tmscli's own words unless it exits 0. */
    public ProcResult ok(String... args) {
        ProcResult r = run(args);
        if (!r.ok()) {
            throw new AssertionError("tmscli failed: " + r.describe());
        }
        return r;
    }

    /** {@code tmscli -f --flushdb}: removes Themis' keys only (configuration and counters). */
    public void flushdb() {
        ok("-f", "--flushdb");
    }
}
