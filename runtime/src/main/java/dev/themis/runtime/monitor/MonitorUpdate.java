package dev.themis.runtime.monitor;

import java.util.Objects;

/**
 * One Redis write of the monitoring series: {@code HINCRBY key field increment} then {@code
 * EXPIREAT key expireAt} (idempotent: every writer computes the same time). Given to the engine so
 * it can send the writes in the pipeline it already uses for a message (see {@link
 * RedisTrafficMonitor#appendTo}); a Lua script may equally apply them.
 *
 * @param key the per-minute hash, e.g. {@code themis:{m:all}:mps:1764074400}
 * @param field the second within the minute, {@code 0}..{@code 59}
 * @param increment messages to add (1 per message)
 * @param expireAtEpochSecond when the hash expires: end of its minute plus the retention
 */
public record MonitorUpdate(String key, String field, long increment, long expireAtEpochSecond) {
    public MonitorUpdate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(field, "field");
    }
}
