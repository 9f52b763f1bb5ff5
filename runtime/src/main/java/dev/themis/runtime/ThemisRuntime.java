package dev.themis.runtime;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.model.PolicySet;
import dev.themis.runtime.embedded.EmbeddedConfig;
import dev.themis.runtime.embedded.PolicyFileWatcher;
import dev.themis.runtime.embedded.PolicyFiles;
import dev.themis.runtime.eval.Evaluator;
import dev.themis.runtime.eval.Snapshot;
import dev.themis.runtime.eval.StoreHealth;
import dev.themis.runtime.limit.Limiter;
import dev.themis.runtime.limit.MemoryLimiter;
import dev.themis.runtime.monitor.InMemoryTrafficMonitor;
import dev.themis.runtime.reload.SnapshotHolder;
import dev.themis.runtime.spf.SpfChecker;
import dev.themis.runtime.spf.SpfOutcome;
import dev.themis.runtime.spf.SpfSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Themis runtime: decides messages against the current configuration snapshot and keeps the
 * counters. Thread-safe; {@link #decide} never throws.
 *
 * <ul>
 *   <li>Embedded mode ({@link StoreSettings.Embedded}): compiles the policy files at start (a
 *       configuration that does not compile makes {@link #start} throw {@link
 *       ConfigurationException} with the rendered diagnostics), watches them and swaps in each
 *       version that compiles; counters and metadata in memory.
 *   <li>Redis mode ({@link StoreSettings.Redis}): reads and compiles the configuration from Redis,
 *       follows its changes, and keeps counters in Redis, shared by every themisd. If Redis is down
 *       at start, the runtime starts anyway, decides by the failure rule and loads the
 *       configuration as soon as Redis answers.
 * </ul>
 */
public final class ThemisRuntime implements Decider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThemisRuntime.class);
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    private final String mode;
    private final SnapshotHolder snapshots;
    private final Evaluator evaluator;
    private final StoreHealth health;
    private final RuntimeListener listener;
    private final Verdict onFailure;
    private final List<AutoCloseable> resources;
    private final @Nullable Runnable reloadNow;
    private final Predicate<Snapshot> ready;

    private ThemisRuntime(
            String mode,
            SnapshotHolder snapshots,
            Evaluator evaluator,
            StoreHealth health,
            RuntimeListener listener,
            Verdict onFailure,
            List<AutoCloseable> resources,
            @Nullable Runnable reloadNow,
            Predicate<Snapshot> ready) {
        this.mode = mode;
        this.snapshots = snapshots;
        this.evaluator = evaluator;
        this.health = health;
        this.listener = listener;
        this.onFailure = onFailure;
        this.resources = resources;
        this.reloadNow = reloadNow;
        this.ready = ready;
    }

    /**
     * Starts the runtime.
     *
     * @throws ConfigurationException in embedded mode, when the policy files cannot be read or do
     *     not compile (the message holds the rendered diagnostics)
     */
    public static ThemisRuntime start(RuntimeSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return switch (settings.store()) {
            case StoreSettings.Embedded embedded -> startEmbedded(settings, embedded);
            case StoreSettings.Redis redis -> RedisMode.start(settings, redis);
        };
    }

    static Clock clock(RuntimeSettings settings) {
        return settings.clock() == null ? Clock.systemUTC() : settings.clock();
    }

    static Duration poll(RuntimeSettings settings) {
        Duration d = settings.pollInterval();
        return d == null || d.isZero() || d.isNegative() ? DEFAULT_POLL : d;
    }

    static RuntimeListener listener(RuntimeSettings settings) {
        return settings.listener() == null ? RuntimeListener.NONE : settings.listener();
    }

    private static ThemisRuntime startEmbedded(RuntimeSettings settings, StoreSettings.Embedded embedded) {
        Clock clock = clock(settings);
        RuntimeListener listener = listener(settings);
        PolicyFiles files = new PolicyFiles(embedded.policyFiles());
        EmbeddedConfig config = new EmbeddedConfig(files, clock);
        CompileResult initial = config.loadInitial();
        PolicySet set = initial.policySet().orElseThrow();
        SnapshotHolder holder = new SnapshotHolder(Snapshot.empty(clock.instant()), listener, clock);
        holder.publish(1, initial, config.loadedText(), clock.instant());
        MemoryLimiter limiter = new MemoryLimiter(set.globalFeatures().globalTtl() * 1000L);
        StoreHealth health = new StoreHealth(listener, clock);
        InMemoryTrafficMonitor monitor = new InMemoryTrafficMonitor();
        Evaluator evaluator = new Evaluator(limiter, new LazySpf(), () -> monitor, settings.onFailure(), health, clock);
        PolicyFileWatcher watcher = new PolicyFileWatcher(files, poll(settings), () -> config.reloadIfChanged(holder));
        LOG.info(
                "themis runtime started in embedded mode: {} policies from {}",
                set.policies().size(),
                files.paths());
        return new ThemisRuntime(
                "embedded",
                holder,
                evaluator,
                health,
                listener,
                settings.onFailure(),
                List.of(watcher, limiter),
                () -> config.reloadIfChanged(holder),
                s -> true);
    }

    /** Built by {@link RedisMode}. */
    static ThemisRuntime create(
            String mode,
            SnapshotHolder snapshots,
            Limiter limiter,
            Evaluator evaluator,
            StoreHealth health,
            RuntimeSettings settings,
            List<AutoCloseable> resources,
            @Nullable Runnable reloadNow,
            Predicate<Snapshot> ready) {
        List<AutoCloseable> all = new ArrayList<>(resources);
        all.add(limiter);
        return new ThemisRuntime(
                mode, snapshots, evaluator, health, listener(settings), settings.onFailure(), all, reloadNow, ready);
    }

    @Override
    public boolean needsHeaders() {
        return snapshots.current().needsHeaders();
    }

    @Override
    public Decision decide(MessageFacts message) {
        long started = System.nanoTime();
        Snapshot snapshot = snapshots.current();
        Decision decision;
        try {
            decision = ready.test(snapshot)
                    ? evaluator.decide(snapshot, message)
                    : failure("configuration not loaded yet (store unavailable)", snapshot.version());
        } catch (RuntimeException e) {
            LOG.error("internal error deciding message {}; applying onFailure {}", message.queueId(), onFailure, e);
            decision = failure("internal error: " + e, snapshot.version());
        }
        try {
            listener.decided(decision, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            LOG.warn("runtime listener failed", e);
        }
        return decision;
    }

    private Decision failure(String why, long version) {
        return onFailure == Verdict.TEMPFAIL
                ? new Decision(
                        Verdict.TEMPFAIL,
                        new SmtpReply(451, "4.7.1", "Service temporarily unavailable, please try again later"),
                        List.of(),
                        null,
                        null,
                        why + " (onFailure tempfail)",
                        version)
                : new Decision(Verdict.ACCEPT, null, List.of(), null, null, why + " (onFailure accept)", version);
    }

    /** The snapshot messages are decided with now. */
    public Snapshot snapshot() {
        return snapshots.current();
    }

    /**
     * Checks the configuration source now instead of waiting for the watcher (files re-read, or the
     * Redis version compared). Returns after the check; for tests and {@code themisd} signals.
     */
    public void reloadNow() {
        if (reloadNow != null) {
            reloadNow.run();
        }
    }

    public RuntimeStatus status() {
        Snapshot s = snapshots.current();
        return new RuntimeStatus(
                mode,
                s.version(),
                s.policySet().policies().size(),
                snapshots.lastReload(),
                snapshots.lastError(),
                health.up());
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {}", r, e);
            }
        }
    }

    /** Creates the jSPF checker on first use: most configurations have no SPF policy. */
    static final class LazySpf implements SpfChecker {
        private volatile @Nullable SpfChecker delegate;

        @Override
        public SpfOutcome check(
                @Nullable InetAddress client, String sender, @Nullable String helo, @Nullable String receiver) {
            SpfChecker d = delegate;
            if (d == null) {
                synchronized (this) {
                    d = delegate;
                    if (d == null) {
                        d = SpfChecker.create(SpfSettings.defaults());
                        delegate = d;
                    }
                }
            }
            return d.check(client, sender, helo, receiver);
        }
    }
}
