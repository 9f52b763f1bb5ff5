package dev.themis.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorScopeTest {

    @Test
    void scopesReadBackAsTheyPrint() {
        for (MonitorScope s : List.of(
                MonitorScope.all(),
                MonitorScope.policy("outbound"),
                MonitorScope.policy("pool:mx:outbound"),
                MonitorScope.blocked(),
                MonitorScope.blockedBy("outbound"))) {
            assertThat(MonitorScope.parse(s.toString())).isEqualTo(s);
        }
        assertThat(MonitorScope.parse("*")).isEqualTo(MonitorScope.all());
        assertThat(MonitorScope.parse(" outbound ")).isEqualTo(MonitorScope.policy("outbound"));
    }

    @Test
    void aScopeNamesAPolicy() {
        assertThatThrownBy(() -> MonitorScope.parse("policy:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy name");
        assertThatThrownBy(() -> MonitorScope.parse("blocked: ")).isInstanceOf(IllegalArgumentException.class);
    }
}
