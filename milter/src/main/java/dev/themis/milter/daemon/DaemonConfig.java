package dev.themis.milter.daemon;

import dev.themis.milter.server.ListenAddress;
import dev.themis.milter.server.ServerSettings;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.Verdict;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The effective themisd configuration: file, then environment, then command line.
 *
 * @param source where the configuration came from ({@code defaults} or the file path), for logs
 * @param listen the milter socket
 * @param store embedded (policy files) or Redis
 * @param onFailure ACCEPT or TEMPFAIL when Themis cannot decide
 * @param logLevel root level for Themis' own loggers (libraries stay at WARN)
 * @param metrics the Prometheus endpoint, or null when off
 * @param server milter server settings (timeouts, socket mode)
 * @param stopGrace how long SIGTERM waits for messages in flight
 * @param pollInterval how often the configuration version is polled (reload safety net)
 * @param carriers carrier threads for the connections' virtual threads ({@code milter.carriers})
 */
public record DaemonConfig(
        String source,
        ListenAddress listen,
        StoreSettings store,
        Verdict onFailure,
        String logLevel,
        @Nullable InetSocketAddress metrics,
        ServerSettings server,
        Duration stopGrace,
        Duration pollInterval,
        int carriers) {

    public static final String DEFAULT_LISTEN = "inet:127.0.0.1:8440";
    public static final int DEFAULT_METRICS_PORT = 9440;
    /** The JDK's property for the number of carrier threads of virtual threads (milter.carriers). */
    public static final String CARRIERS_PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    public DaemonConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(server, "server");
    }

    /** A short description of the store for the start-up log line (no secrets). */
    public String describeStore() {
        return switch (store) {
            case StoreSettings.Embedded e ->
                "embedded, policies "
                        + e.policyFiles().stream().map(Path::toString).toList();
            case StoreSettings.Redis r ->
                "redis " + r.redis().mode().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + r.redis().nodes()
                        + (r.redis().tls() ? " tls" : "")
                        + (r.redis().user() != null ? " user " + r.redis().user() : "")
                        + " prefix " + r.redis().keyPrefix();
        };
    }
}
