package dev.themis.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Runs external commands with a deadline and checks that the tools the suite needs exist. */
public final class Commands {
    private Commands() {}

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public static ProcResult run(List<String> command) {
        return run(command, null, Map.of(), DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code command} to completion, feeding {@code stdin} if given. A command that outlives
     * {@code timeout} is killed (its own PID only) and reported as a failure.
     */
    public static ProcResult run(
            List<String> command, @Nullable String stdin, Map<String, String> env, Duration timeout) {
        String shown = String.join(" ", command);
        ProcessBuilder pb = new ProcessBuilder(command);
        // The suite decides what Themis sees: no THEMIS_CFG/THEMIS_REDIS of the machine leaks in.
        pb.environment().keySet().removeIf(k -> k.startsWith("THEMIS_"));
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + shown + "`: " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command may exit without reading its input; its exit code tells the story.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("`" + shown + "` did not finish within " + timeout + "; killed");
            }
            return new ProcResult(
                    shown, process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running `" + shown + "`", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of `" + shown + "`", e);
        }
    }

    /** Runs and insists on exit 0. */
    public static ProcResult ok(List<String> command) {
        ProcResult r = run(command);
        if (!r.ok()) {
            throw new IllegalStateException(r.describe());
        }
        return r;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (in) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                task -> Thread.ofVirtual().start(task));
    }

    /**
     * Returns the absolute path of a required tool, or fails with the command that installs it. The
     * suite never skips: a machine without Postfix cannot claim the end-to-end tests passed.
     */
    public static Path require(String tool, String debianPackage) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("`" + tool + "` is missing: the end-to-end tests need it. Install it with "
                + "`bash .ci/install-tools` (Debian package `" + debianPackage + "`)");
    }

    /** Postfix runs its daemons as root-owned, setuid-dropping processes: the suite must run as root. */
    public static void requireRoot() {
        ProcResult id = ok(List.of("id", "-u"));
        if (!id.stdout().strip().equals("0")) {
            throw new IllegalStateException(
                    "the end-to-end tests start private Postfix instances and must run as root (uid 0); running as uid "
                            + id.stdout().strip());
        }
    }
}
