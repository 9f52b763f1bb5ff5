package dev.themis.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryTrafficMonitorTest extends TrafficMonitorContract {

    private final InMemoryTrafficMonitor shared = new InMemoryTrafficMonitor();

    @Override
    TrafficMonitor monitor() {
        return shared;
    }

    @Override
    TrafficMonitor freshMonitor() {
        return new InMemoryTrafficMonitor();
    }

    @Test
    void countsOlderThanTheRetentionAreDropped() {
        InMemoryTrafficMonitor m = new InMemoryTrafficMonitor();
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        m.record(t, sample("p_old"));
        m.record(t.plus(Duration.ofHours(23)), sample("p_old"));
        assertThat(m.series(MonitorScope.policy("p_old"), t, t.plus(Duration.ofDays(2)))
                        .total())
                .as("both still within a day of the latest message")
                .isEqualTo(2);

        m.record(t.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)), sample("p_old"));
        assertThat(m.series(MonitorScope.policy("p_old"), t, t.plus(Duration.ofDays(2)))
                        .counts())
                .extracting(TrafficSeries.SecondCount::second)
                .containsExactly(
                        t.plus(Duration.ofHours(23)), t.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)));
    }

    @Test
    void aLongerRetentionKeepsMore() {
        InMemoryTrafficMonitor m = new InMemoryTrafficMonitor();
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        Duration threeDays = MonitorSample.retentionDays(3);
        m.record(t, new MonitorSample(true, java.util.List.of(), threeDays));
        m.record(t.plus(Duration.ofDays(2)), new MonitorSample(true, java.util.List.of(), threeDays));
        assertThat(m.series(MonitorScope.all(), t, t.plus(Duration.ofDays(3))).total())
                .isEqualTo(2);
    }
}
