package dev.themis.runtime.limit;

import java.util.List;
import java.util.Objects;

/**
 * One policy that counts one message: the counters of {@code (policy, object)} must admit
 * {@code weight} more units under every condition.
 *
 * @param policy the policy name (counters belong to one policy and one object)
 * @param object the counted object (login, address, domain or IP), already normalised
 * @param conditions the conditions (already resolved: global conditions for {@code 0:0}, overrides
 *     from the configuration); a metadata override in the store may still replace them
 * @param weight units this message consumes: its recipients with CountRCPT, else 1
 * @param refusesOnLimit whether the policy's JailAction refuses the message (block, defer); refused
 *     mail consumes no quota in any policy
 * @param customBlockMillis global_custom_block in milliseconds: after a limit hit the object stays
 *     blocked in this policy that long; 0 for none
 */
public record CounterStep(
        String policy,
        String object,
        List<LimitCondition> conditions,
        int weight,
        boolean refusesOnLimit,
        long customBlockMillis) {
    public CounterStep {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(object, "object");
        conditions = List.copyOf(conditions);
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1: " + weight);
        }
        if (customBlockMillis < 0) {
            throw new IllegalArgumentException("custom block must not be negative");
        }
    }

    /** The largest window: how long an admitted unit must be remembered. */
    public long maxWindowMillis() {
        long max = 0;
        for (LimitCondition c : conditions) {
            max = Math.max(max, c.windowMillis());
        }
        return max;
    }
}
