package dev.themis.runtime.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Monitoring counts waiting for a ride to Redis: those of messages that needed no limit call (no
 * counting policy matched). Whoever next talks to Redis {@link #drain}s them into its own round
 * trip; otherwise a flusher thread writes them every {@code every}. Such a message thus costs no
 * round trip, and a monitoring write that fails never delays or refuses mail; a process that dies
 * loses at most that interval of counts.
 */
public final class PendingMonitorWrites implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingMonitorWrites.class);

    private final UnifiedJedis jedis;
    private final List<MonitorUpdate> pending = new ArrayList<>();
    private final AtomicLong lost = new AtomicLong();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("themis-monitor-flush").daemon(true).factory());

    /** Writes what is pending to {@code jedis} every {@code every} until {@link #close}. */
    public PendingMonitorWrites(UnifiedJedis jedis, Duration every) {
        this.jedis = jedis;
        long ms = every.toMillis();
        flusher.scheduleWithFixedDelay(this::flush, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Queues the updates of one message. */
    public void add(List<MonitorUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        synchronized (pending) {
            pending.addAll(updates);
        }
    }

    /** Takes everything pending, for a caller that sends it in its own round trip. */
    public List<MonitorUpdate> drain() {
        synchronized (pending) {
            List<MonitorUpdate> out = new ArrayList<>(pending);
            pending.clear();
            return out;
        }
    }

    /** Writes what is pending now, merged (the flusher's job; also at close). */
    void flush() {
        List<MonitorUpdate> updates = RedisTrafficMonitor.merge(drain());
        if (updates.isEmpty()) {
            return;
        }
        try (AbstractPipeline p = jedis.pipelined()) {
            RedisTrafficMonitor.appendTo(p, updates);
            p.sync();
        } catch (RuntimeException e) {
            if (lost.getAndAdd(updates.size()) == 0) {
                LOG.warn("monitoring counts could not be written to Redis and are lost: {}", e.toString());
            }
        }
    }

    /** Updates lost because Redis failed when the flusher wrote them (for metrics and tests). */
    public long lost() {
        return lost.get();
    }

    /** Stops the flusher and writes what is left. */
    @Override
    public void close() {
        flusher.shutdownNow();
        flush();
    }
}
