package dev.themis.runtime.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** DNS trouble never loses mail: every kind of it is a temperror, which follows the failure rule. */
class SpfDnsFailureTest {

    static {
        QuietJspf.apply();
    }

    static final DnsZone ZONE = new DnsZone()
            .txt("pass.test", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt(
                    "chain.test",
                    "v=spf1 include:a.chain.test include:b.chain.test include:c.chain.test"
                            + " include:d.chain.test -all")
            .txt("a.chain.test", "v=spf1 ip4:198.51.100.1 ?all")
            .txt("b.chain.test", "v=spf1 ip4:198.51.100.2 ?all")
            .txt("c.chain.test", "v=spf1 ip4:198.51.100.3 ?all")
            .txt("d.chain.test", "v=spf1 ip4:192.0.2.0/24 ?all");

    static SpfSettings settings(InetSocketAddress server) {
        return SpfSettings.defaults()
                .withDnsServers(List.of(server))
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    @Test
    void servfailIsATemporaryError() throws IOException {
        try (LocalDnsServer server = LocalDnsServer.start(ZONE)) {
            SpfChecker checker = SpfChecker.create(settings(server.address()));
            server.servfail(true);
            SpfOutcome out = checker.check(ip("192.0.2.1"), "a@pass.test", "h.test");
            assertThat(out.result()).isEqualTo(SpfResult.TEMPERROR);
            assertThat(out.explanation()).contains("pass.test");

            server.servfail(false);
            assertThat(checker.check(ip("192.0.2.1"), "a@pass.test", "h.test").result())
                    .as("the error is not cached: the next message gets the real answer")
                    .isEqualTo(SpfResult.PASS);
        }
    }

    @Test
    void silentServerIsATemporaryError() throws IOException {
        DnsZone silent = new DnsZone().txt("pass.test", "v=spf1 +all").unreachable("pass.test");
        try (LocalDnsServer server = LocalDnsServer.start(silent)) {
            SpfOutcome out = SpfChecker.create(settings(server.address())).check(ip("192.0.2.1"), "a@pass.test", "h");
            assertThat(out.result()).isEqualTo(SpfResult.TEMPERROR);
            assertThat(server.queries()).isPositive();
        }
    }

    @Test
    void noServerListeningIsATemporaryError() throws IOException {
        InetSocketAddress nobody;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        SpfOutcome out = SpfChecker.create(settings(nobody)).check(ip("192.0.2.1"), "a@pass.test", "h");
        assertThat(out.result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(SpfChecker.isTemporaryError(out)).isTrue();
    }

    @Test
    void aCheckStopsAtItsDeadline() {
        // A fake clock that advances one second per DNS lookup; the check may take 2.5 s.
        AtomicLong nanos = new AtomicLong();
        MapDnsService dns = new MapDnsService(ZONE, () -> nanos.addAndGet(1_000_000_000L));
        SpfSettings settings = SpfSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(2500));
        JspfChecker checker = new JspfChecker(dns, settings, nanos::get);

        SpfOutcome out = checker.check(ip("192.0.2.1"), "a@chain.test", "h");
        assertThat(out.result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(out.explanation()).contains("deadline");
        assertThat(dns.lookups.get()).as("lookups made before the deadline").isLessThan(5);

        JspfChecker patient = new JspfChecker(
                new MapDnsService(ZONE, () -> nanos.addAndGet(1_000_000_000L)),
                SpfSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(60)),
                nanos::get);
        assertThat(patient.check(ip("192.0.2.1"), "a@chain.test", "h").result())
                .as("the same check with time to spare")
                .isEqualTo(SpfResult.PASS);
    }

    @Test
    void withoutConfiguredServersTheSystemResolversAreUsedIncludingTheDnsServerProperty() throws IOException {
        String before = System.getProperty("dns.server");
        try (LocalDnsServer server = LocalDnsServer.start(ZONE)) {
            System.setProperty("dns.server", "127.0.0.1:" + server.port());
            org.xbill.DNS.ResolverConfig.refresh();
            SpfChecker checker = SpfChecker.create(
                    SpfSettings.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2)));
            assertThat(checker.check(ip("192.0.2.1"), "a@pass.test", "h").result())
                    .isEqualTo(SpfResult.PASS);
            assertThat(server.queries()).isPositive();
        } finally {
            if (before == null) {
                System.clearProperty("dns.server");
            } else {
                System.setProperty("dns.server", before);
            }
            org.xbill.DNS.ResolverConfig.refresh();
        }
    }

    @Test
    void settingsRejectNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SpfSettings.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lookupTimeout");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SpfSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkTimeout");
    }

    static InetAddress ip(String text) {
        return SpfCheckerTest.ip(text);
    }
}
