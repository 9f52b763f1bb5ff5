package dev.themis.milter.metrics;

import dev.themis.milter.server.ServerListener;
import dev.themis.runtime.Decision;
import dev.themis.runtime.RuntimeListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * themisd's Prometheus metrics, fed by the runtime ({@link RuntimeListener}) and the milter server
 * ({@link ServerListener}). Every method is non-blocking. The names are documented in
 * docs/metrics.md and only ever gain members.
 */
public final class ThemisMetrics implements RuntimeListener, ServerListener {
    private static final double[] LATENCY_BOUNDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter decisions;
    private final Histogram decisionSeconds;
    private final Counter storeErrors;
    private final Counter storeOutages;
    private final Gauge storeUp;
    private final Histogram storeOutageSeconds;
    private final Counter reloads;
    private final Histogram reloadSeconds;
    private final Gauge reloadFailed;
    private final Info reloadLastError;
    private final Gauge configVersion;
    private final Gauge connections;
    private final Counter connectionsTotal;
    private final Counter connectionFailures;
    private final Counter answers;
    private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();

    public ThemisMetrics() {
        decisions = counter(
                "themis_decisions_total",
                "Decisions by deciding policy (none: no policy decided) and outcome",
                "policy",
                "outcome");
        decisionSeconds = histogram(
                "themis_decision_seconds",
                "Time to decide one message, including the store round trip",
                LATENCY_BOUNDS);
        storeErrors = counter("themis_store_errors_total", "Redis calls that failed or timed out");
        storeOutages =
                counter("themis_store_outages_total", "Redis outages (a run of failures until Redis answers again)");
        storeUp = gauge("themis_store_up", "1 while the counter store answers, 0 during an outage");
        storeOutageSeconds = histogram(
                "themis_store_outage_seconds",
                "Length of finished Redis outages",
                0.1,
                0.5,
                1,
                5,
                10,
                30,
                60,
                300,
                900,
                3600);
        reloads = counter("themis_reloads_total", "Configuration reloads by result (ok, error)", "result");
        reloadSeconds = histogram(
                "themis_reload_seconds",
                "Time to read, compile and swap a configuration",
                0.001,
                0.005,
                0.01,
                0.05,
                0.1,
                0.5,
                1,
                5);
        reloadFailed = gauge(
                "themis_reload_failed", "1 when the last reload failed (the previous configuration stays active)");
        reloadLastError = Info.builder()
                .name("themis_reload_last_error")
                .help("The diagnostics of the last failed reload (first line)")
                .labelNames("error")
                .register(registry);
        configVersion = gauge("themis_config_version", "Version of the configuration messages are decided with");
        connections = gauge("themis_milter_connections_in_flight", "Milter connections in flight");
        connectionsTotal = counter("themis_milter_connections_total", "Milter connections accepted");
        connectionFailures = counter(
                "themis_milter_connection_failures_total",
                "Milter connections closed because of bad input, a silent peer or an I/O error",
                "kind");
        answers = counter(
                "themis_milter_answers_total",
                "Messages answered, by protocol stage (data: early, eom: end of message)",
                "stage");
        storeUp.set(1);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(name).help(help).register(registry);
    }

    private Histogram histogram(String name, String help, double... upperBounds) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .classicOnly()
                .classicUpperBounds(upperBounds)
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Serves {@code /metrics} on the address (themisd binds loopback unless told otherwise). */
    public HTTPServer serve(InetSocketAddress address) throws IOException {
        return HTTPServer.builder()
                .inetAddress(address.getAddress())
                .port(address.getPort())
                .registry(registry)
                .buildAndStart();
    }

    // ------------------------------------------------------------ RuntimeListener

    @Override
    public void decided(Decision decision, Duration latency) {
        String policy = decision.policy();
        decisions
                .labelValues(
                        policy == null ? "none" : policy,
                        decision.verdict().name().toLowerCase(Locale.ROOT))
                .inc();
        decisionSeconds.observe(latency.toNanos() / 1e9);
        if (decision.configVersion() >= 0) {
            configVersion.set(decision.configVersion());
        }
    }

    @Override
    public void storeFailed(Exception cause, boolean outageStarted) {
        storeErrors.inc();
        if (outageStarted) {
            storeOutages.inc();
            storeUp.set(0);
        }
    }

    @Override
    public void storeRecovered(Duration outage) {
        storeUp.set(1);
        storeOutageSeconds.observe(outage.toNanos() / 1e9);
    }

    @Override
    public void reloaded(long version, Duration took, @Nullable String error) {
        reloadSeconds.observe(took.toNanos() / 1e9);
        if (error == null) {
            reloads.labelValues("ok").inc();
            reloadFailed.set(0);
            configVersion.set(version);
            String previous = lastError.getAndSet(null);
            if (previous != null) {
                reloadLastError.remove(previous);
            }
        } else {
            reloads.labelValues("error").inc();
            reloadFailed.set(1);
            String line = error.lines().findFirst().orElse(error);
            if (line.length() > 200) {
                line = line.substring(0, 200);
            }
            String previous = lastError.getAndSet(line);
            if (previous != null) {
                reloadLastError.remove(previous);
            }
            reloadLastError.addLabelValues(line);
        }
    }

    // ------------------------------------------------------------ ServerListener

    @Override
    public void connectionOpened() {
        connections.inc();
        connectionsTotal.inc();
    }

    @Override
    public void connectionClosed() {
        connections.dec();
    }

    @Override
    public void connectionFailed(String kind) {
        connectionFailures.labelValues(kind).inc();
    }

    @Override
    public void messageAnswered(String stage) {
        answers.labelValues(stage).inc();
    }
}
