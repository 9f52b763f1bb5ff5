package dev.themis.runtime.limit;

import java.util.List;

/**
 * Checks and records one message against the counters of every policy that counts it, as one atomic
 * step: evaluation goes through {@code steps} in order and stops at the first terminal result
 * (limit exceeded, custom block, metadata bypass or manual block). Admitted steps are recorded
 * unless the deciding step refuses the message (limit or custom block with a refusing JailAction,
 * or manual block): refused mail consumes no quota in any policy.
 *
 * <p>Window semantics, identical in every implementation: a unit recorded at {@code t} counts in
 * the window of every instant in {@code [t, t + S)}; a step admits when, for every condition
 * {@code N:S}, the units in {@code (now - S, now]} plus the message's weight are at most N.
 */
public interface Limiter extends AutoCloseable {

    /**
     * Checks and records one message.
     *
     * @throws StoreUnavailableException when the store cannot answer in time
     */
    LimitOutcome acquire(LimitRequest request);

    /** Checks and records one message that nothing else refuses. */
    default LimitOutcome acquire(List<CounterStep> steps, long nowMillis) {
        return acquire(LimitRequest.of(steps, nowMillis));
    }

    @Override
    void close();
}
