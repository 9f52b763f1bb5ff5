package dev.themis.runtime;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.StatementResult;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.diag.Diagnostic;
import dev.themis.runtime.config.ConfigSnapshot;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.config.ConfigWatcher;
import dev.themis.runtime.eval.Evaluator;
import dev.themis.runtime.eval.Snapshot;
import dev.themis.runtime.eval.StoreHealth;
import dev.themis.runtime.limit.LimitOutcome;
import dev.themis.runtime.limit.LimitRequest;
import dev.themis.runtime.limit.Limiter;
import dev.themis.runtime.limit.RedisLimiter;
import dev.themis.runtime.limit.StoreUnavailableException;
import dev.themis.runtime.monitor.RedisTrafficMonitor;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.redis.RedisSettings;
import dev.themis.runtime.reload.SnapshotHolder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis mode of {@link ThemisRuntime}: configuration read from the store, compiled aside and swapped
 * on every change the {@link ConfigWatcher} reports; counters in Redis through {@link RedisLimiter}.
 * Starts even when Redis is down: a background thread connects, and until the first configuration
 * is loaded every message gets the failure decision.
 */
final class RedisMode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisMode.class);

    private final RuntimeSettings settings;
    private final RedisSettings redis;
    private final Clock clock;
    private final SnapshotHolder holder;
    private final StoreHealth health;
    private final Object lock = new Object();
    private volatile @Nullable RedisConnection connection;
    private volatile @Nullable RedisLimiter limiter;
    private volatile @Nullable RedisTrafficMonitor monitor;
    private volatile @Nullable ConfigWatcher watcher;
    private volatile boolean loaded;
    private boolean warnedEmpty;
    private volatile boolean closed;
    private final Thread connector;

    private RedisMode(RuntimeSettings settings, RedisSettings redis, SnapshotHolder holder, StoreHealth health) {
        this.settings = settings;
        this.redis = redis;
        this.clock = ThemisRuntime.clock(settings);
        this.holder = holder;
        this.health = health;
        this.connector = Thread.ofVirtual().name("themis-redis-connect").unstarted(this::connectLoop);
    }

    static ThemisRuntime start(RuntimeSettings settings, StoreSettings.Redis store) {
        Clock clock = ThemisRuntime.clock(settings);
        RuntimeListener listener = ThemisRuntime.listener(settings);
        // until the first load, messages get the failure decision: the placeholder is not a configuration
        Snapshot placeholder = Snapshot.empty(clock.instant());
        SnapshotHolder holder = new SnapshotHolder(placeholder, listener, clock);
        StoreHealth health = new StoreHealth(listener, clock);
        RedisMode mode = new RedisMode(settings, store.redis(), holder, health);
        mode.tryConnect();
        if (mode.connection == null) {
            mode.connector.start();
        }
        Evaluator evaluator = new Evaluator(
                mode.limiterView(),
                new ThemisRuntime.LazySpf(),
                () -> mode.monitor,
                settings.onFailure(),
                health,
                clock);
        return ThemisRuntime.create(
                "redis",
                holder,
                mode.limiterView(),
                evaluator,
                health,
                settings,
                List.of(mode),
                mode::reload,
                s -> s != placeholder);
    }

    /** Connects, starts the watcher and loads the configuration; false when Redis does not answer. */
    private boolean tryConnect() {
        synchronized (lock) {
            if (connection != null || closed) {
                return true;
            }
            RedisConnection c;
            try {
                c = RedisConnection.open(redis);
                c.client().ping();
            } catch (JedisException e) {
                health.failed(e);
                return false;
            }
            RedisLimiter l = new RedisLimiter(c.client(), redis.keyPrefix(), 86_400, redis.timeout());
            monitor = new RedisTrafficMonitor(c.client(), redis.keyPrefix());
            limiter = l;
            connection = c;
            health.succeeded();
            // the watcher first, then the read: no change can fall between them
            watcher = ConfigWatcher.start(c, ThemisRuntime.poll(settings), this::reload);
        }
        reload();
        return true;
    }

    private void connectLoop() {
        long backoff = 100;
        while (!closed && connection == null) {
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            if (tryConnect()) {
                LOG.info("connected to Redis {}", redis.nodes());
                return;
            }
            backoff = Math.min(
                    backoff * 2, Math.max(1000, ThemisRuntime.poll(settings).toMillis()));
        }
    }

    /** Reads the configuration; when its version moved, compiles aside and swaps. */
    void reload() {
        RedisConnection c = connection;
        if (c == null) {
            tryConnect();
            return;
        }
        synchronized (this) {
            Instant started = clock.instant();
            ConfigSnapshot config;
            try {
                config = new ConfigStore(c).read();
                health.succeeded();
            } catch (JedisException e) {
                health.failed(e);
                LOG.debug(
                        "configuration read failed; keeping version {}",
                        holder.current().version(),
                        e);
                return;
            }
            if (loaded && config.version() == holder.current().version()) {
                return;
            }
            if (loaded && config.version() == 0 && holder.current().version() > 0) {
                // Redis came back empty (restarted without persistence, or flushed by hand): an empty
                // configuration is not a decision anybody took, so keep enforcing the last good one
                // until a configuration is written again.
                if (!warnedEmpty) {
                    warnedEmpty = true;
                    LOG.warn(
                            "Redis holds no configuration (version 0); keeping version {} until one is written",
                            holder.current().version());
                }
                return;
            }
            warnedEmpty = false;
            Map<String, String> texts = new HashMap<>(config.statements());
            CompileResult result = compile(config.statements());
            if (holder.publish(config.version(), result, texts::get, started)) {
                loaded = true;
                RedisLimiter l = limiter;
                if (l != null) {
                    l.metadataTtlSeconds(
                            holder.current().policySet().globalFeatures().globalTtl());
                }
            } else if (!loaded) {
                LOG.error("no usable configuration in Redis yet: every message gets the failure decision");
            }
        }
    }

    /** Parses each stored statement (named by its key, for diagnostics) and compiles them together. */
    static CompileResult compile(Map<String, String> statements) {
        List<Statement> parsed = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        statements.forEach((key, text) -> {
            StatementResult r = Compiler.parseStatement(new Source(key, text));
            r.statement().ifPresent(parsed::add);
            problems.addAll(r.diagnostics());
        });
        CompileResult result = Compiler.compile(parsed);
        if (problems.stream().noneMatch(Diagnostic::isError)) {
            if (problems.isEmpty()) {
                return result;
            }
            List<Diagnostic> all = new ArrayList<>(problems);
            all.addAll(result.diagnostics());
            return new CompileResult(result.policySet(), result.index(), all);
        }
        List<Diagnostic> all = new ArrayList<>(problems);
        all.addAll(result.diagnostics());
        return new CompileResult(Optional.empty(), Optional.empty(), all);
    }

    /** The limiter, or "unavailable" while not connected. */
    private Limiter limiterView() {
        return new Limiter() {
            @Override
            public LimitOutcome acquire(LimitRequest request) {
                RedisLimiter l = limiter;
                if (l == null) {
                    throw new StoreUnavailableException(
                            "redis " + redis.nodes() + " not connected", new IllegalStateException("not connected"));
                }
                return l.acquire(request);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        ConfigWatcher w = watcher;
        if (w != null) {
            w.close();
        }
        RedisLimiter l = limiter;
        if (l != null) {
            l.close();
        }
        RedisConnection c = connection;
        if (c != null) {
            c.close();
        }
    }
}
