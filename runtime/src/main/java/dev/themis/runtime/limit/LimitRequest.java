package dev.themis.runtime.limit;

import dev.themis.runtime.monitor.MonitorUpdate;
import java.util.List;

/**
 * One message for a {@link Limiter}.
 *
 * @param steps the counting policies in evaluation order
 * @param nowMillis the decision time, milliseconds since the epoch (the caller's clock)
 * @param refusedAfterSteps true when the caller refuses the message after these steps for a reason
 *     of its own (SPF failure, a manual block in the configuration): then, unless a step decides
 *     first, nothing is recorded
 * @param monitorUpdates traffic-monitor counters to write in the same round trip (Redis only; the
 *     in-memory limiter ignores them). With no steps, the Redis limiter only queues them for its
 *     next call or its once-a-second flush: such a request never touches the store and never fails
 */
public record LimitRequest(
        List<CounterStep> steps, long nowMillis, boolean refusedAfterSteps, List<MonitorUpdate> monitorUpdates) {
    public LimitRequest {
        steps = List.copyOf(steps);
        monitorUpdates = List.copyOf(monitorUpdates);
    }

    public static LimitRequest of(List<CounterStep> steps, long nowMillis) {
        return new LimitRequest(steps, nowMillis, false, List.of());
    }
}
