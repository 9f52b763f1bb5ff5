package dev.themis.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.runtime.monitor.TrafficSeries.SecondCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TrafficMonitor} has, run against memory, standalone Redis and a Redis
 * Cluster. Each test uses its own policy names and times, so implementations may share state.
 */
abstract class TrafficMonitorContract {

    static final Duration ONE_DAY = MonitorSample.retentionDays(1);

    /**
     * The start of the current hour: Redis expires keys by the real clock, so test times must be
     * recent (a fixed date would expire at once some day after it).
     */
    static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);

    abstract TrafficMonitor monitor();

    /** A monitor with an empty store, for the overall series (shared by every test). */
    abstract TrafficMonitor freshMonitor();

    static MonitorSample sample(String... policies) {
        return new MonitorSample(true, List.of(policies), ONE_DAY);
    }

    static SecondCount at(Instant second, long count) {
        return new SecondCount(second, count);
    }

    @Test
    void countsMessagesPerSecondOverallAndPerMonitoredPolicy() {
        TrafficMonitor m = freshMonitor();
        m.record(T0, sample("outbound", "relay"));
        m.record(T0.plusMillis(999), sample("outbound"));
        m.record(T0.plusSeconds(1), sample());
        m.record(T0.plusSeconds(5).plusMillis(10), sample("relay"));

        assertThat(m.series(MonitorScope.all(), T0, T0.plusSeconds(60)).counts())
                .containsExactly(at(T0, 2), at(T0.plusSeconds(1), 1), at(T0.plusSeconds(5), 1));
        assertThat(m.series(MonitorScope.policy("outbound"), T0, T0.plusSeconds(60))
                        .counts())
                .containsExactly(at(T0, 2));
        assertThat(m.series(MonitorScope.policy("relay"), T0, T0.plusSeconds(60))
                        .counts())
                .containsExactly(at(T0, 1), at(T0.plusSeconds(5), 1));
        assertThat(m.series(MonitorScope.policy("inbound"), T0, T0.plusSeconds(60))
                        .counts())
                .isEmpty();
    }

    @Test
    void withMessagesBySecFeatureOffOnlyMonitoredPoliciesCount() {
        TrafficMonitor m = freshMonitor();
        Instant t = T0.plus(Duration.ofHours(1));
        m.record(t, new MonitorSample(false, List.of("p_off"), ONE_DAY));
        m.record(t, new MonitorSample(false, List.of(), ONE_DAY));
        assertThat(m.series(MonitorScope.all(), t, t.plusSeconds(1)).total()).isZero();
        assertThat(m.series(MonitorScope.policy("p_off"), t, t.plusSeconds(1)).total())
                .isEqualTo(1);
    }

    @Test
    void theRangeIncludesFromAndExcludesToAcrossMinuteBoundaries() {
        TrafficMonitor m = monitor();
        Instant start = T0.plus(Duration.ofHours(2)).minusSeconds(2); // 13:59:58
        for (int s = 0; s < 6; s++) {
            for (int n = 0; n <= s; n++) {
                m.record(start.plusSeconds(s), sample("p_range"));
            }
        }
        TrafficSeries series = m.series(MonitorScope.policy("p_range"), start.plusSeconds(1), start.plusSeconds(4));
        assertThat(series.counts())
                .containsExactly(at(start.plusSeconds(1), 2), at(start.plusSeconds(2), 3), at(start.plusSeconds(3), 4));
        assertThat(series.total()).isEqualTo(9);
        assertThat(series.peak()).isEqualTo(4);
        assertThat(series.dense()).containsExactly(2, 3, 4);
        assertThat(series.from()).isEqualTo(start.plusSeconds(1));
        assertThat(series.to()).isEqualTo(start.plusSeconds(4));
    }

    @Test
    void intervalsSumTheSecondsAndKeepThePeak() {
        TrafficMonitor m = monitor();
        Instant t = T0.plus(Duration.ofHours(3));
        m.record(t.plusSeconds(10), sample("p_int"));
        m.record(t.plusSeconds(10), sample("p_int"));
        m.record(t.plusSeconds(70), sample("p_int"));
        List<TrafficSeries.IntervalCount> perMinute =
                m.series(MonitorScope.policy("p_int"), t, t.plusSeconds(180)).perInterval(Duration.ofMinutes(1));
        assertThat(perMinute)
                .containsExactly(
                        new TrafficSeries.IntervalCount(t, 2, 2),
                        new TrafficSeries.IntervalCount(t.plusSeconds(60), 1, 1),
                        new TrafficSeries.IntervalCount(t.plusSeconds(120), 0, 0));
    }

    @Test
    void concurrentWritersLoseNoCount() throws Exception {
        TrafficMonitor m = monitor();
        Instant t = T0.plus(Duration.ofHours(4));
        int threads = 8;
        int each = 250;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < each; n++) {
                        m.record(t.plusMillis(n % 1000), sample("p_conc"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(m.series(MonitorScope.policy("p_conc"), t, t.plusSeconds(1)).counts())
                .containsExactly(at(t, (long) threads * each));
    }

    @Test
    void blockedMessagesHaveTheirOwnSeriesOverallAndPerPolicy() {
        TrafficMonitor m = freshMonitor();
        Instant t = T0.plus(Duration.ofHours(5));
        m.record(t, new MonitorSample(true, List.of("p_blk"), ONE_DAY, "p_blk"));
        m.record(t, new MonitorSample(false, List.of(), ONE_DAY, "other_blk"));
        m.record(t, sample("p_blk"));
        assertThat(m.series(MonitorScope.blocked(), t, t.plusSeconds(1)).total())
                .isEqualTo(2);
        assertThat(m.series(MonitorScope.blockedBy("p_blk"), t, t.plusSeconds(1))
                        .total())
                .isEqualTo(1);
        assertThat(m.series(MonitorScope.blockedBy("other_blk"), t, t.plusSeconds(1))
                        .total())
                .as("counted even when monitoring is off")
                .isEqualTo(1);
        assertThat(m.series(MonitorScope.policy("p_blk"), t, t.plusSeconds(1)).total())
                .isEqualTo(2);
        assertThat(m.series(MonitorScope.all(), t, t.plusSeconds(1)).total()).isEqualTo(2);
    }

    @Test
    void aPolicyNamedTwiceCountsOnce() {
        TrafficMonitor m = monitor();
        Instant t = T0.plus(Duration.ofHours(6));
        m.record(t, sample("p_twice", "p_twice"));
        assertThat(m.series(MonitorScope.policy("p_twice"), t, t.plusSeconds(1)).total())
                .isEqualTo(1);
    }

    @Test
    void badRangesAreRefused() {
        TrafficMonitor m = monitor();
        assertThatThrownBy(() -> m.series(MonitorScope.all(), T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> m.series(MonitorScope.all(), T0, T0.plus(Duration.ofDays(32))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31 days");
        assertThat(m.series(MonitorScope.all(), T0, T0).counts()).isEmpty();
    }
}
