package dev.themis.milter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.milter.daemon.ConfigException;
import dev.themis.milter.daemon.ConfigLoader;
import dev.themis.milter.daemon.Daemon;
import dev.themis.milter.daemon.DaemonConfig;
import dev.themis.milter.daemon.DefaultPolicies;
import dev.themis.milter.daemon.Options;
import dev.themis.runtime.ConfigurationException;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.RuntimeSettings;
import dev.themis.runtime.RuntimeStatus;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.ThemisRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * themisd entry point: {@code bin/themisd [--config FILE] [--listen SOCKET] [--redis URL] [--check]}.
 * Exit status 0 (stopped normally, or --check passed), 1 (invalid configuration, --check failed, or
 * could not start), 2 (bad command line).
 */
public final class Themisd {
    private Themisd() {}

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err, true);
        stopLogging(); // lines still waiting for the log writer (a failed start, --check)
        System.exit(code);
    }

    /**
     * Runs themisd; returns the exit status. With {@code block}, a started daemon runs until SIGTERM
     * (or SIGINT) and then stops gracefully.
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean block) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (Options.UsageException e) {
            err.println("themisd: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        Path home = themisHome();
        DaemonConfig config;
        try {
            config = ConfigLoader.load(options, env, home);
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                err.println("themisd: " + p);
            }
            return 1;
        }
        setLogLevel(config.logLevel());
        if (options.check()) {
            return check(config, home, out, err);
        }
        if (block) {
            useCarriers(config.carriers());
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(config);
        } catch (ConfigurationException e) {
            err.println("themisd: the policies do not compile; not starting:");
            String diagnostics = String.valueOf(e.getMessage());
            err.print(diagnostics.endsWith("\n") ? diagnostics : diagnostics + "\n");
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("themisd: cannot start: " + describe(e));
            return 1;
        }
        if (!block) {
            daemon.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            daemon.close();
                            stopLogging(); // writes the log lines still waiting for the log writer
                            stopped.countDown();
                            // a stop on SIGTERM is a clean stop: exit 0, not the JVM's 143 (128 + 15),
                            // which systemd would report as a failure
                            Runtime.getRuntime().halt(0);
                        },
                        "themisd-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Sizes the JDK's scheduler for virtual threads ({@code milter.carriers}) unless the JVM was
     * started with {@code -Djdk.virtualThreadScheduler.parallelism}. Takes effect only before the
     * process' first virtual thread, which is why the daemon (not an in-process test) calls it first.
     */
    static void useCarriers(int carriers) {
        if (System.getProperty(DaemonConfig.CARRIERS_PROPERTY) == null) {
            System.setProperty(DaemonConfig.CARRIERS_PROPERTY, Integer.toString(carriers));
        }
    }

    /** {@code --check}: the configuration parsed; now the policies (and Redis, in Redis mode). */
    static int check(DaemonConfig config, @Nullable Path home, PrintStream out, PrintStream err) {
        out.println("configuration: " + config.source());
        out.println("listen: " + config.listen());
        out.println("store: " + config.describeStore());
        out.println("on failure: " + config.onFailure().name().toLowerCase(Locale.ROOT));
        out.println("milter carriers: " + config.carriers());
        var metrics = config.metrics();
        out.println("metrics: " + (metrics == null ? "off" : metrics.getHostString() + ":" + metrics.getPort()));
        return switch (config.store()) {
            case StoreSettings.Embedded e -> checkPolicies(e, home, out, err);
            case StoreSettings.Redis r -> checkRedis(config, out, err);
        };
    }

    private static int checkPolicies(StoreSettings.Embedded e, @Nullable Path home, PrintStream out, PrintStream err) {
        if (e.policyFiles().isEmpty()) {
            out.println("policies: none (every message is accepted)");
            return 0;
        }
        for (String skipped : DefaultPolicies.choose(home).skipped()) {
            if (e.policyFiles().stream().noneMatch(p -> skipped.startsWith(p.toString()))) {
                out.println("note: example left out of the defaults: " + skipped);
            }
        }
        Map<String, String> texts = new HashMap<>();
        List<Source> sources = new ArrayList<>();
        for (Path p : e.policyFiles()) {
            try {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                texts.put(p.toString(), text);
                sources.add(new Source(p.toString(), text));
            } catch (IOException ex) {
                err.println("themisd: cannot read " + p + ": " + ex.getMessage());
                return 1;
            }
        }
        CompileResult result = Compiler.compileSources(sources);
        if (!result.diagnostics().isEmpty()) {
            (result.hasErrors() ? err : out).print(DiagnosticRenderer.human(result.diagnostics(), texts::get));
        }
        int policies = result.policySet().map(ps -> ps.policies().size()).orElse(0);
        out.println("policies: " + e.policyFiles().size() + " file(s), "
                + (result.hasErrors() ? "" : policies + " policies, ")
                + DiagnosticRenderer.summary(result.diagnostics()));
        return result.hasErrors() ? 1 : 0;
    }

    private static int checkRedis(DaemonConfig config, PrintStream out, PrintStream err) {
        ThemisRuntime runtime = ThemisRuntime.start(new RuntimeSettings(
                config.store(), config.onFailure(), config.pollInterval(), Clock.systemUTC(), RuntimeListener.NONE));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            RuntimeStatus s = runtime.status();
            while (System.nanoTime() < deadline && (!s.storeUp() || s.lastReload() == null)) {
                Thread.sleep(50);
                s = runtime.status();
            }
            if (!s.storeUp() || s.lastReload() == null) {
                err.println("themisd: redis does not answer; cannot check the stored policies");
                return 1;
            }
            if (s.lastReloadError() != null) {
                err.println("themisd: the configuration stored in redis does not compile:");
                err.println(s.lastReloadError());
                return 1;
            }
            out.println("policies: redis configuration version " + s.configVersion() + ", " + s.policies()
                    + " policies, ok");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            runtime.close();
        }
    }

    private static @Nullable Path themisHome() {
        String home = System.getProperty("themis.home");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    private static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.stop();
        }
    }

    /** Applies {@code logLevel} to Themis' own loggers (libraries stay at WARN). */
    static void setLogLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            Level l = Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO);
            ctx.getLogger("dev.themis").setLevel(l);
            ctx.getLogger("themis").setLevel(l);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                b.append(": caused by ");
            }
            String msg = t.getMessage();
            b.append(msg != null && !msg.isEmpty() ? msg : t.getClass().getSimpleName());
        }
        return b.toString();
    }
}
