package dev.themis.runtime.config;

import dev.themis.runtime.redis.HostPort;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.redis.RedisSettings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Tells the runtime when the stored configuration may have changed, so it can {@link
 * ConfigStore#read()}, compile aside and swap.
 *
 * <ul>
 *   <li>Subscribes to the keyspace notifications of the version key ({@code
 *       __keyspace@DB__:P{cfg}:version}) on the node that owns it: in a Cluster the master of the
 *       {@code {cfg}} slot, with Sentinel the current master. It enables them with {@code CONFIG SET
 *       notify-keyspace-events}, adding {@code K} and {@code $} to the flags already set (never
 *       removing any; in a Cluster on every node, since a replica may become master). When CONFIG is
 *       refused (managed Redis, ACL, renamed command) it logs one warning and relies on polling.
 *   <li>Polls the version every {@code pollInterval} in any case (the safety net: notifications are
 *       fire-and-forget), and then also checks that the subscription is alive (PING on it) and still
 *       on the owner of the slot (failover, resharding); otherwise it resubscribes.
 *   <li>Calls {@code onChange} after every (re)subscription, because pub/sub loses what was
 *       published while disconnected, after every notification, and when the polled version moved.
 * </ul>
 *
 * {@code onChange} runs on one thread of its own, never concurrently with itself; requests that
 * arrive while it runs are coalesced into one more call. Calls may be spurious: compare the version
 * you read with the one you have. Start the watcher before the first read so no change falls
 * between them. The version only grows while Redis keeps its data; a version lower than the one
 * you have means Redis lost it (logged here once per drop), and keeping the current snapshot is
 * then the safe choice.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final RedisConnection connection;
    private final ConfigStore store;
    private final Duration pollInterval;
    private final Runnable onChange;
    private final String versionKey;
    private final String channel;
    private final ExecutorService dispatcher;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong lastVersion = new AtomicLong(-1);
    private final AtomicInteger unansweredPings = new AtomicInteger();
    private final AtomicLong subscriptions = new AtomicLong();
    private final Thread subscriber;
    private final Thread poller;
    private volatile boolean configAllowed = true;
    private volatile boolean warnedConfig;
    private volatile boolean warnedOutage;
    private volatile @Nullable Subscription current;

    private record Subscription(HostPort node, Connection connection, JedisPubSub pubSub) {}

    private ConfigWatcher(RedisConnection connection, Duration pollInterval, Runnable onChange) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.store = new ConfigStore(connection);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        this.pollInterval = pollInterval;
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.versionKey = store.keys().version();
        this.channel = connection.keyspaceChannel(versionKey);
        this.dispatcher = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("themis-config-reload").factory());
        this.subscriber = Thread.ofVirtual().name("themis-config-subscriber").unstarted(this::subscribeLoop);
        this.poller = Thread.ofVirtual().name("themis-config-poller").unstarted(this::pollLoop);
    }

    /**
     * Starts watching. Never throws because Redis is down: it keeps trying in the background and
     * calls {@code onChange} once it is subscribed.
     *
     * @param pollInterval how often to poll the version and check the subscription (e.g. 1 s)
     * @param onChange called when the configuration may have changed
     */
    public static ConfigWatcher start(RedisConnection connection, Duration pollInterval, Runnable onChange) {
        ConfigWatcher watcher = new ConfigWatcher(connection, pollInterval, onChange);
        try {
            watcher.lastVersion.set(watcher.store.version());
        } catch (JedisException e) {
            // Redis is down: the first successful poll or subscription reports a change.
        }
        watcher.subscriber.start();
        watcher.poller.start();
        return watcher;
    }

    /** Whether keyspace notifications could be enabled (false: CONFIG refused, polling only). */
    public boolean notificationsEnabled() {
        return configAllowed;
    }

    /** Whether a subscription is established right now. */
    public boolean subscribed() {
        Subscription s = current;
        return s != null && s.pubSub().isSubscribed();
    }

    /** The node the watcher is subscribed on now, if any. */
    public java.util.Optional<HostPort> subscribedNode() {
        Subscription s = current;
        return s != null && s.pubSub().isSubscribed() ? java.util.Optional.of(s.node()) : java.util.Optional.empty();
    }

    /** How many times the watcher has (re)subscribed so far. */
    public long subscriptionCount() {
        return subscriptions.get();
    }

    private void subscribeLoop() {
        Duration backoff = MIN_BACKOFF;
        while (!closed.get()) {
            Connection conn = null;
            try {
                HostPort owner = connection.ownerOf(versionKey);
                enableNotifications();
                conn = new Connection(new HostAndPort(owner.host(), owner.port()), connection.clientConfig());
                conn.connect();
                JedisPubSub pubSub = new JedisPubSub() {
                    @Override
                    public void onSubscribe(String channelName, int subscribedChannels) {
                        subscriptions.incrementAndGet();
                        unansweredPings.set(0);
                        if (warnedOutage) {
                            warnedOutage = false;
                            LOG.info("configuration watcher subscribed again on {}", owner);
                        }
                        requestReload();
                    }

                    @Override
                    public void onMessage(String channelName, String message) {
                        requestReload();
                    }

                    @Override
                    public void onPong(String pattern) {
                        unansweredPings.set(0);
                    }
                };
                current = new Subscription(owner, conn, pubSub);
                backoff = MIN_BACKOFF;
                pubSub.proceed(conn, channel); // blocks until unsubscribed or the connection breaks
            } catch (RuntimeException e) { // never let the loop die: Redis errors, topology surprises
                if (!closed.get() && !warnedOutage) {
                    warnedOutage = true;
                    LOG.warn(
                            "configuration watcher lost Redis ({}): {}; retrying, and reloading once it is back",
                            connection.settings().redactedUrl(),
                            e.getMessage());
                }
            } finally {
                current = null;
                if (conn != null) {
                    closeQuietly(conn);
                }
            }
            if (!closed.get()) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static void closeQuietly(Connection conn) {
        try {
            conn.close();
        } catch (RuntimeException e) {
            // the socket is already gone
        }
    }

    private void pollLoop() {
        while (!closed.get()) {
            sleep(pollInterval);
            if (closed.get()) {
                return;
            }
            try {
                long version = store.version();
                long previous = lastVersion.getAndSet(version);
                if (previous != version) {
                    if (version < previous) {
                        // Themis never lowers the version (flush empties through a new version), so
                        // Redis lost its data: a restart without persistence, FLUSHALL, a replica
                        // promoted before it had synced.
                        LOG.warn(
                                "the stored configuration version went back from {} to {}: Redis lost data"
                                        + " (restart without persistence, FLUSHALL, failover before sync?)",
                                previous,
                                version);
                    }
                    requestReload();
                }
            } catch (RuntimeException e) {
                LOG.debug("configuration poll failed: {}", e.getMessage());
            }
            try {
                checkSubscription();
            } catch (RuntimeException e) {
                LOG.debug("configuration subscription check failed: {}", e.getMessage());
            }
        }
    }

    /** Resubscribes when the subscription is dead or no longer on the owner of the version key. */
    private void checkSubscription() {
        Subscription s = current;
        if (s == null) {
            return;
        }
        boolean stale = false;
        if (connection.settings().mode() != RedisSettings.Mode.STANDALONE) {
            try {
                stale = !connection.ownerOf(versionKey).equals(s.node());
            } catch (JedisException e) {
                LOG.debug("cannot resolve the owner of {}: {}", versionKey, e.getMessage());
            }
        }
        if (!stale && s.pubSub().isSubscribed()) {
            if (unansweredPings.incrementAndGet() > 2) {
                stale = true; // connected but silent (a hung server, a dead peer without RST)
            } else {
                try {
                    s.pubSub().ping();
                } catch (JedisException e) {
                    stale = true;
                }
            }
        }
        if (stale) {
            LOG.debug("configuration subscription on {} is stale; resubscribing", s.node());
            s.connection().setBroken();
            try {
                s.connection().forceDisconnect();
            } catch (java.io.IOException | RuntimeException e) {
                // the subscriber loop sees the broken socket either way
            }
        }
    }

    private void enableNotifications() {
        if (!configAllowed) {
            return;
        }
        Set<HostPort> nodes = new LinkedHashSet<>(connection.knownNodes());
        for (HostPort node : nodes) {
            try {
                connection.onNode(node, ConfigWatcher::mergeNotifyFlags);
            } catch (JedisDataException e) {
                configAllowed = false;
                if (!warnedConfig) {
                    warnedConfig = true;
                    LOG.warn(
                            "cannot enable Redis keyspace notifications on {} ({}); polling the configuration "
                                    + "version every {} ms instead. Set notify-keyspace-events to include K and $ "
                                    + "(or A) for immediate reloads.",
                            node,
                            e.getMessage(),
                            pollInterval.toMillis());
                }
                return;
            }
        }
    }

    /** Adds K (keyspace channel) and $ (string commands: INCR) to the flags, keeping every other flag. */
    private static @Nullable Void mergeNotifyFlags(UnifiedJedis node) {
        Map<String, String> current = node.configGet("notify-keyspace-events");
        String flags = current.getOrDefault("notify-keyspace-events", "");
        String merged = mergeFlags(flags);
        if (!merged.equals(flags)) {
            node.configSet("notify-keyspace-events", merged);
        }
        return null;
    }

    static String mergeFlags(String flags) {
        StringBuilder merged = new StringBuilder(flags);
        if (flags.indexOf('K') < 0) {
            merged.append('K');
        }
        if (flags.indexOf('$') < 0 && flags.indexOf('A') < 0) {
            merged.append('$');
        }
        return merged.toString();
    }

    private void requestReload() {
        if (closed.get() || !pending.compareAndSet(false, true)) {
            return;
        }
        try {
            dispatcher.execute(() -> {
                pending.set(false);
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.warn("configuration reload callback failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.set(false); // closing
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.set(true);
        }
    }

    /** Stops the threads and closes the subscription; {@code onChange} is not called afterwards. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Subscription s = current;
        if (s != null) {
            try {
                s.pubSub().unsubscribe();
            } catch (RuntimeException e) {
                // the socket is closed below anyway
            }
            try {
                s.connection().forceDisconnect();
            } catch (java.io.IOException | RuntimeException e) {
                // already gone
            }
        }
        subscriber.interrupt();
        poller.interrupt();
        dispatcher.shutdown();
        try {
            subscriber.join(Duration.ofSeconds(5));
            poller.join(Duration.ofSeconds(5));
            dispatcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
