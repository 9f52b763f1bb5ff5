package dev.themis.runtime.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SpfSettingsTest {

    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
    }

    @Test
    void dnsServersAsWrittenInAConfigurationFile() {
        assertThat(SpfSettings.parseDnsServers("127.0.0.1, 192.0.2.53:5353 ::1 [2001:db8::53]:5300"))
                .containsExactly(at("127.0.0.1", 53), at("192.0.2.53", 5353), at("::1", 53), at("2001:db8::53", 5300));
        assertThat(SpfSettings.parseDnsServers("  ")).isEmpty();
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> SpfSettings.parseDnsServers("127.0.0.1, dns.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid DNS server `dns.example.com`: not an IP address (host names are not accepted)");
        assertThatThrownBy(() -> SpfSettings.parseDnsServers("127.0.0.1:0"))
                .hasMessage("invalid DNS server `127.0.0.1:0`: port must be 1..65535");
        assertThatThrownBy(() -> SpfSettings.parseDnsServers("[::1"))
                .hasMessage("invalid DNS server `[::1`: missing `]`");
    }
}
