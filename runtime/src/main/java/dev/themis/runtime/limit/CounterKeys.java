package dev.themis.runtime.limit;

/**
 * Redis key names of the counters and per-object state. Every key of one object carries the hash
 * tag {@code {o:<object>}}, so one object's counters, custom blocks and metadata live in one Cluster
 * slot and one script call can touch them all (see docs/redis-schema.md).
 */
public record CounterKeys(String prefix) {

    /** Sorted set of admitted units of {@code (policy, object)}. */
    public String counter(String policy, String object) {
        return tag(object) + ":rl:" + policy;
    }

    /** Custom block (global_custom_block) of {@code (policy, object)}. */
    public String block(String policy, String object) {
        return tag(object) + ":blk:" + policy;
    }

    /** Metadata hash of the object. */
    public String metadata(String object) {
        return tag(object) + ":meta";
    }

    private String tag(String object) {
        return prefix + "{o:" + object + "}";
    }
}
