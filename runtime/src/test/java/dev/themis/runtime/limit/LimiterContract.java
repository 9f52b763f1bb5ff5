package dev.themis.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link Limiter} follows. Subclasses bind it to one implementation; time is passed
 * explicitly (an injected clock), so window arithmetic is checked to the millisecond.
 */
abstract class LimiterContract {
    static final long T0 = 1_800_000_000_000L;

    abstract Limiter limiter();

    abstract void putMetadata(String object, String field, String value);

    abstract long unitsHeld(String policy, String object);

    static CounterStep step(String policy, String object, String spec) {
        return step(policy, object, spec, 1, true, 0);
    }

    static CounterStep step(String policy, String object, String spec, int weight, boolean refuses, long block) {
        List<LimitCondition> conditions = new ArrayList<>();
        for (String c : spec.split(";")) {
            String[] p = c.split(":");
            conditions.add(LimitCondition.ofSeconds(Long.parseLong(p[0]), Long.parseLong(p[1])));
        }
        return new CounterStep(policy, object, conditions, weight, refuses, block);
    }

    StepResult one(CounterStep step, long now) {
        LimitOutcome o = limiter().acquire(List.of(step), now);
        assertThat(o.results()).hasSize(1);
        return o.results().getFirst();
    }

    @Test
    void concurrentMessagesAreAdmittedExactlyUpToTheLimit() throws Exception {
        // 64 messages at the same instant from 64 threads, through one limiter (Redis: batched
        // calls): exactly the limit is admitted, the rest refused, and refused mail holds nothing
        CounterStep s = step("p", "burst@example.com", "10:60");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StepResult>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return one(s, T0);
                }));
            }
            start.countDown();
        }
        int admitted = 0;
        for (Future<StepResult> f : results) {
            StepResult r = f.get();
            if (r instanceof StepResult.Admitted) {
                admitted++;
            } else {
                assertThat(r).isInstanceOf(StepResult.Exceeded.class);
            }
        }
        assertThat(admitted).isEqualTo(10);
        assertThat(unitsHeld("p", "burst@example.com")).isEqualTo(10);
    }

    @Test
    void admitsNThenRefusesWithTheExactWait() {
        CounterStep s = step("p", "alice@example.com", "3:10");
        assertThat(one(s, T0)).isInstanceOf(StepResult.Admitted.class);
        assertThat(one(s, T0 + 1000)).isInstanceOf(StepResult.Admitted.class);
        StepResult third = one(s, T0 + 2500);
        assertThat(third).isInstanceOf(StepResult.Admitted.class);
        assertThat(((StepResult.Admitted) third).usages().getFirst().count()).isEqualTo(3);

        StepResult fourth = one(s, T0 + 4000);
        assertThat(fourth).isInstanceOf(StepResult.Exceeded.class);
        // the oldest unit (T0) leaves the window at T0 + 10 s
        assertThat(((StepResult.Exceeded) fourth).retryMillis()).isEqualTo(6000);
        assertThat(((StepResult.Exceeded) fourth).usages().getFirst().count()).isEqualTo(3);

        assertThat(one(s, T0 + 9999)).isInstanceOf(StepResult.Exceeded.class);
        assertThat(one(s, T0 + 10_000)).isInstanceOf(StepResult.Admitted.class);
        StepResult next = one(s, T0 + 10_001);
        assertThat(next).isInstanceOf(StepResult.Exceeded.class);
        assertThat(((StepResult.Exceeded) next).retryMillis()).isEqualTo(999);
    }

    @Test
    void everyConditionMustAdmitAndTheWaitIsTheLongest() {
        CounterStep s = step("p", "bob@example.com", "2:10;3:60");
        assertThat(one(s, T0)).isInstanceOf(StepResult.Admitted.class);
        assertThat(one(s, T0 + 1)).isInstanceOf(StepResult.Admitted.class);
        StepResult r = one(s, T0 + 2);
        assertThat(((StepResult.Exceeded) r).retryMillis()).isEqualTo(9998);
        assertThat(one(s, T0 + 10_000)).isInstanceOf(StepResult.Admitted.class);
        StepResult hour = one(s, T0 + 20_000);
        // 3 units in the last 60 s: the first leaves at T0 + 60 s
        assertThat(((StepResult.Exceeded) hour).retryMillis()).isEqualTo(40_000);
        assertThat(((StepResult.Exceeded) hour).usages())
                .extracting(Usage::count)
                .containsExactly(0L, 3L);
    }

    @Test
    void weightCountsRecipientsAndAnOversizedMessageNeverFits() {
        CounterStep five = step("p", "carol@example.com", "10:60", 5, true, 0);
        assertThat(one(five, T0)).isInstanceOf(StepResult.Admitted.class);
        assertThat(one(five, T0 + 1)).isInstanceOf(StepResult.Admitted.class);
        StepResult third = one(five, T0 + 2);
        assertThat(((StepResult.Exceeded) third).retryMillis()).isEqualTo(59_998);
        CounterStep one = step("p", "carol@example.com", "10:60", 1, true, 0);
        assertThat(one(one, T0 + 3)).isInstanceOf(StepResult.Exceeded.class);
        CounterStep huge = step("p", "dave@example.com", "10:60", 11, true, 0);
        assertThat(((StepResult.Exceeded) one(huge, T0)).retryMillis()).isEqualTo(60_000);
        assertThat(unitsHeld("p", "dave@example.com")).isZero();
    }

    @Test
    void refusedMailConsumesNothingInAnyPolicy() {
        CounterStep first = step("first", "erin@example.com", "5:60");
        CounterStep second = step("second", "10.0.0.1", "1:60");
        assertThat(limiter().acquire(List.of(first, second), T0).terminalIndex())
                .isEqualTo(-1);
        LimitOutcome refused = limiter().acquire(List.of(first, second), T0 + 1);
        assertThat(refused.terminalIndex()).isEqualTo(1);
        assertThat(refused.results().get(1)).isInstanceOf(StepResult.Exceeded.class);
        assertThat(unitsHeld("first", "erin@example.com")).isEqualTo(1);
        assertThat(unitsHeld("second", "10.0.0.1")).isEqualTo(1);
    }

    @Test
    void aLimitThatOnlyMonitorsKeepsEarlierCounts() {
        CounterStep first = step("first", "frank@example.com", "5:60");
        CounterStep monitor = step("watch", "frank@example.com", "1:60", 1, false, 0);
        limiter().acquire(List.of(first, monitor), T0);
        LimitOutcome o = limiter().acquire(List.of(first, monitor), T0 + 1);
        assertThat(o.results().get(1)).isInstanceOf(StepResult.Exceeded.class);
        assertThat(unitsHeld("first", "frank@example.com")).isEqualTo(2);
        assertThat(unitsHeld("watch", "frank@example.com")).isEqualTo(1);
    }

    @Test
    void laterStepsAreNotEvaluatedAfterTheDecidingOne() {
        CounterStep full = step("full", "gina@example.com", "1:60");
        CounterStep after = step("after", "gina@example.com", "5:60");
        limiter().acquire(List.of(full), T0);
        LimitOutcome o = limiter().acquire(List.of(full, after), T0 + 1);
        assertThat(o.results()).hasSize(1);
        assertThat(unitsHeld("after", "gina@example.com")).isZero();
    }

    @Test
    void metadataBypassAcceptsAndKeepsEarlierCounts() {
        putMetadata("vip@example.com", "bypass", "TRUE");
        CounterStep first = step("first", "10.0.0.9", "5:60");
        CounterStep vip = step("vip", "vip@example.com", "1:60");
        LimitOutcome o = limiter().acquire(List.of(first, vip), T0);
        assertThat(o.results()).hasSize(2);
        assertThat(o.results().get(1)).isInstanceOf(StepResult.MetadataBypass.class);
        assertThat(unitsHeld("first", "10.0.0.9")).isEqualTo(1);
        assertThat(unitsHeld("vip", "vip@example.com")).isZero();
    }

    @Test
    void manualBlockRefusesAndConsumesNothing() {
        putMetadata("bad@example.com", "manual_block", "true");
        CounterStep first = step("first", "10.0.0.8", "5:60");
        CounterStep blocked = step("p", "bad@example.com", "100:60", 1, false, 0);
        LimitOutcome o = limiter().acquire(List.of(first, blocked), T0);
        assertThat(o.results().get(1)).isInstanceOf(StepResult.ManualBlock.class);
        assertThat(unitsHeld("first", "10.0.0.8")).isZero();
    }

    @Test
    void aMetadataOverrideReplacesThePolicyConditions() {
        putMetadata("big@example.com", "limit:p", "3:60");
        CounterStep s = step("p", "big@example.com", "1:60");
        assertThat(one(s, T0)).isInstanceOf(StepResult.Admitted.class);
        assertThat(one(s, T0 + 1)).isInstanceOf(StepResult.Admitted.class);
        StepResult third = one(s, T0 + 2);
        assertThat(((StepResult.Admitted) third).usages().getFirst().condition())
                .isEqualTo(LimitCondition.ofSeconds(3, 60));
        assertThat(one(s, T0 + 3)).isInstanceOf(StepResult.Exceeded.class);
        CounterStep other = step("other", "big@example.com", "1:60");
        assertThat(one(other, T0)).isInstanceOf(StepResult.Admitted.class);
        assertThat(one(other, T0 + 1)).isInstanceOf(StepResult.Exceeded.class);
    }

    @Test
    void aCustomBlockOutlastsTheWindow() {
        CounterStep s = step("p", "henry@example.com", "1:10", 1, true, 120_000);
        assertThat(one(s, T0)).isInstanceOf(StepResult.Admitted.class);
        StepResult hit = one(s, T0 + 1000);
        assertThat(((StepResult.Exceeded) hit).retryMillis()).isEqualTo(120_000);
        StepResult later = one(s, T0 + 61_000);
        assertThat(later).isInstanceOf(StepResult.CustomBlocked.class);
        assertThat(((StepResult.CustomBlocked) later).retryMillis()).isEqualTo(60_000);
        assertThat(one(s, T0 + 121_000)).isInstanceOf(StepResult.Admitted.class);
    }

    @Test
    void countersBelongToOnePolicyAndOneObject() {
        CounterStep a = step("a", "ivy@example.com", "1:60");
        CounterStep b = step("b", "ivy@example.com", "1:60");
        CounterStep c = step("a", "jack@example.com", "1:60");
        assertThat(limiter().acquire(List.of(a, b), T0).terminalIndex()).isEqualTo(-1);
        assertThat(one(c, T0)).isInstanceOf(StepResult.Admitted.class);
        assertThat(one(a, T0 + 1)).isInstanceOf(StepResult.Exceeded.class);
    }

    /** Regression (race figure): a caller whose "now" lags another's must still see its whole window. */
    @Test
    void aLaggingCallerStillCountsUnitsAnotherCallerCouldTrim() {
        CounterStep s = step("p", "lag@example.com", "1:10");
        assertThat(one(s, T0)).isInstanceOf(StepResult.Admitted.class);
        // a caller at T0 + 10.004 s is admitted (the unit at T0 has left its window) ...
        assertThat(one(s, T0 + 10_004)).isInstanceOf(StepResult.Admitted.class);
        // ... a caller that read its clock earlier (T0 + 9.999 s) and arrives later must still see T0
        assertThat(one(s, T0 + 9_999)).isInstanceOf(StepResult.Exceeded.class);
    }

    @Test
    void memoryIsBoundedByTheAdmittedTraffic() {
        CounterStep s = step("p", "kim@example.com", "5:10;20:100");
        for (int i = 0; i < 2000; i++) {
            limiter().acquire(List.of(s), T0 + i * 97L);
        }
        // only units inside the largest window plus its margin (2 x 100 s) stay: at most 2 x 20,
        // plus what was admitted since the last trim (Redis trims at instants that are multiples
        // of 8 ms, ADR 0006: here every 8th call, and 8 calls admit at most 5 units under 5:10)
        assertThat(unitsHeld("p", "kim@example.com")).isLessThanOrEqualTo(40 + 5);
    }
}
