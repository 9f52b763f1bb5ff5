package dev.themis.tmscli.ops;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runtime state in Redis that is not configuration: metadata, counters, blocks, overrides, key
 * search, traffic series. Each method that the runtime does not provide yet says so with {@link
 * UnsupportedOperationException}, and tmscli reports it instead of pretending.
 */
public interface StatePort {

    /** Metadata of one object (bare form), key to value; empty when there is none. */
    Map<String, String> metadata(String object);

    void setMetadata(String object, String key, String value);

    /** Deletes one key of an object's metadata, or all of it when {@code key} is null. */
    boolean deleteMetadata(String object, @Nullable String key);

    /** Themis keys (with prefix) matching a glob pattern, found with SCAN. */
    List<String> search(String pattern);

    /** Deletes the Themis keys matching a glob pattern; returns how many. */
    long deleteMatching(String pattern);

    /** Deletes every Themis key; returns how many. */
    long flushThemis();

    /** Objects blocked now: object to a JSON-ready description. */
    List<Map<String, Object>> blocked();

    /** Lifts manual and penalty blocks; true when there was one. */
    boolean unblock(String object);

    /** Forgets counters of an object (one policy, or all when null); returns how many keys. */
    long reset(String object, @Nullable String policy);

    /** Per-object overrides: list of {object, policy, JailSpec}; all when object is null. */
    List<Map<String, Object>> overrides(@Nullable String object);

    void setOverride(String object, String policy, String jailSpec);

    boolean removeOverride(String object, String policy);

    /**
     * Counter state of one object for one policy's conditions: for each condition, the number of
     * messages in its window and the epoch milliseconds when the oldest one leaves the window.
     */
    List<Map<String, Object>> usage(String object, String policy, List<long[]> conditions, long nowMillis);

    /** Messages per second between two epoch seconds, overall (policy null) or for one policy. */
    Map<Long, Long> series(@Nullable String policy, long fromEpochSecond, long toEpochSecond);
}
