package dev.themis.milter.daemon;

import dev.themis.milter.metrics.ThemisMetrics;
import dev.themis.milter.server.ListenAddress;
import dev.themis.milter.server.MilterServer;
import dev.themis.milter.server.ServerListener;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.RuntimeSettings;
import dev.themis.runtime.RuntimeStatus;
import dev.themis.runtime.ThemisRuntime;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running themisd: runtime, milter server and (optionally) the metrics endpoint. */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final ThemisRuntime runtime;
    private final MilterServer server;
    private final @Nullable HTTPServer metricsServer;
    private volatile boolean stopped;

    private Daemon(DaemonConfig config, ThemisRuntime runtime, MilterServer server, @Nullable HTTPServer metrics) {
        this.config = config;
        this.runtime = runtime;
        this.server = server;
        this.metricsServer = metrics;
    }

    /**
     * Starts everything: metrics first (so the start-up reload is counted), then the runtime, then
     * the milter socket (so Postfix never talks to a themisd that cannot decide yet).
     *
     * @throws IOException when a socket cannot be bound
     * @throws dev.themis.runtime.ConfigurationException when the embedded policies do not compile
     */
    public static Daemon start(DaemonConfig config) throws IOException {
        ThemisMetrics metrics = config.metrics() != null ? new ThemisMetrics() : null;
        HTTPServer http = null;
        if (metrics != null) {
            InetSocketAddress addr = config.metrics();
            try {
                http = metrics.serve(java.util.Objects.requireNonNull(addr));
            } catch (IOException e) {
                throw new IOException("cannot serve metrics on " + addr + ": " + e.getMessage(), e);
            }
        }
        List<RuntimeListener> listeners = new ArrayList<>();
        if (metrics != null) {
            listeners.add(metrics);
        }
        RuntimeListener listener = new StoreLog(config.onFailure(), listeners);
        ThemisRuntime runtime;
        try {
            runtime = ThemisRuntime.start(new RuntimeSettings(
                    config.store(), config.onFailure(), config.pollInterval(), Clock.systemUTC(), listener));
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            throw e;
        }
        MilterServer server;
        try {
            server = MilterServer.start(
                    config.listen(), runtime, config.server(), metrics != null ? metrics : ServerListener.NONE);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            if (http != null) {
                http.close();
            }
            throw e;
        }
        Daemon d = new Daemon(config, runtime, server, http);
        RuntimeStatus status = runtime.status();
        LOG.info(
                "themisd started: milter {}, store {}, configuration version {} ({} policies), on failure {}{}{}",
                server.address(),
                config.describeStore(),
                status.configVersion(),
                status.policies(),
                config.onFailure().name().toLowerCase(java.util.Locale.ROOT),
                carriers(),
                http != null ? ", metrics http://" + hostPort(config.metrics(), http.getPort()) + "/metrics" : "");
        return d;
    }

    /** The carrier threads of virtual threads when themisd set them (milter.carriers), for the start line. */
    private static String carriers() {
        String n = System.getProperty(DaemonConfig.CARRIERS_PROPERTY);
        return n == null ? "" : ", " + n + " carrier thread(s)";
    }

    private static String hostPort(@Nullable InetSocketAddress a, int port) {
        String host = a == null ? "127.0.0.1" : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The milter address actually bound. */
    public ListenAddress address() {
        return server.address();
    }

    /** The metrics port actually bound, or -1 when metrics are off. */
    public int metricsPort() {
        HTTPServer h = metricsServer;
        return h == null ? -1 : h.getPort();
    }

    public ThemisRuntime runtime() {
        return runtime;
    }

    /** Graceful stop: no new connections, messages in flight finish (bounded by {@code stopGrace}). */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("themisd stopping: waiting up to {} for messages in flight", StoreLog.human(config.stopGrace()));
        boolean clean = server.stop(config.stopGrace());
        try {
            runtime.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the runtime: {}", StoreLog.describe(e));
        }
        HTTPServer h = metricsServer;
        if (h != null) {
            h.close();
        }
        LOG.info(
                "themisd stopped{}",
                clean ? "" : " (some messages were cut off; Postfix applied milter_default_action)");
    }
}
