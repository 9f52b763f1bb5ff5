package dev.themis.runtime.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same SPF cases against the in-process resolver and against the production dnsjava path
 * talking UDP to a local DNS server. Never the internet.
 */
class SpfCheckerTest {

    static {
        QuietJspf.apply();
    }

    static final DnsZone ZONE = new DnsZone()
            .txt("pass.test", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("fail.test", "v=spf1 ip4:198.51.100.1 -all")
            .txt("soft.test", "v=spf1 ip4:198.51.100.1 ~all")
            .txt("neutral.test", "v=spf1 ?all")
            .add("nospf.test", "A", "192.0.2.50")
            .txt("nospf.test", "some other text record")
            .txt("two.test", "v=spf1 -all")
            .txt("two.test", "v=spf1 +all")
            .txt("broken.test", "v=spf1 ip4:not-an-address -all")
            .txt("include.test", "v=spf1 include:_spf.provider.test -all")
            .txt("_spf.provider.test", "v=spf1 a:out.provider.test -all")
            .add("out.provider.test", "A", "203.0.113.7")
            .txt("mx.test", "v=spf1 mx -all")
            .add("mx.test", "MX", "10 mail.mx.test.")
            .add("mail.mx.test", "A", "203.0.113.25")
            .txt("redirect.test", "v=spf1 redirect=pass.test")
            .txt("v6.test", "v=spf1 ip6:2001:db8::/32 -all")
            .txt("helo.test", "v=spf1 ip4:192.0.2.10 -all")
            .txt("slow.test", "v=spf1 include:dead.test -all")
            .unreachable("dead.test");

    static LocalDnsServer server;
    static SpfChecker overUdp;
    static SpfChecker inProcess;

    @BeforeAll
    static void start() throws IOException {
        server = LocalDnsServer.start(ZONE);
        SpfSettings settings = SpfSettings.defaults()
                .withDnsServers(List.of(server.address()))
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2))
                .withReceiver("mx.receiver.test");
        overUdp = SpfChecker.create(settings);
        inProcess = new JspfChecker(new MapDnsService(ZONE), settings, System::nanoTime);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> checkers() {
        return Stream.of(
                Arguments.of(Named.of("in-process resolver", inProcess)),
                Arguments.of(Named.of("dnsjava over UDP", overUdp)));
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void permittedAddressPasses(SpfChecker checker) {
        SpfOutcome out = checker.check(ip("192.0.2.1"), "alice@pass.test", "mail.pass.test");
        assertThat(out.result()).isEqualTo(SpfResult.PASS);
        assertThat(out.identity()).isEqualTo("mailfrom");
        assertThat(out.domain()).isEqualTo("pass.test");
        assertThat(out.headers()).extracting(h -> h.name()).containsExactly("Received-SPF");
        assertThat(header(out))
                .isEqualTo("pass (mx.receiver.test: domain of alice@pass.test designates 192.0.2.1 as permitted"
                        + " sender) client-ip=192.0.2.1; envelope-from=\"alice@pass.test\"; helo=mail.pass.test;"
                        + " receiver=mx.receiver.test; identity=mailfrom;");
        assertThat(SpfChecker.isFailure(out, true)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void eachResultOfTheRfc(SpfChecker checker) {
        assertThat(result(checker, "192.0.2.9", "bob@fail.test")).isEqualTo(SpfResult.FAIL);
        assertThat(result(checker, "192.0.2.9", "bob@soft.test")).isEqualTo(SpfResult.SOFTFAIL);
        assertThat(result(checker, "192.0.2.9", "bob@neutral.test")).isEqualTo(SpfResult.NEUTRAL);
        assertThat(result(checker, "192.0.2.9", "bob@nospf.test")).isEqualTo(SpfResult.NONE);
        assertThat(result(checker, "192.0.2.9", "bob@nowhere.test")).isEqualTo(SpfResult.NONE);
        assertThat(result(checker, "192.0.2.9", "bob@two.test")).isEqualTo(SpfResult.PERMERROR);
        assertThat(result(checker, "192.0.2.9", "bob@broken.test")).isEqualTo(SpfResult.PERMERROR);
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void mechanismsThatNeedFurtherLookups(SpfChecker checker) {
        assertThat(result(checker, "203.0.113.7", "news@include.test")).isEqualTo(SpfResult.PASS);
        assertThat(result(checker, "203.0.113.8", "news@include.test")).isEqualTo(SpfResult.FAIL);
        assertThat(result(checker, "203.0.113.25", "a@mx.test")).isEqualTo(SpfResult.PASS);
        assertThat(result(checker, "203.0.113.26", "a@mx.test")).isEqualTo(SpfResult.FAIL);
        assertThat(result(checker, "192.0.2.77", "a@redirect.test")).isEqualTo(SpfResult.PASS);
        assertThat(result(checker, "2001:db8::25", "a@v6.test")).isEqualTo(SpfResult.PASS);
        assertThat(result(checker, "2001:db9::25", "a@v6.test")).isEqualTo(SpfResult.FAIL);
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void domainNamesCompareCaseInsensitively(SpfChecker checker) {
        assertThat(result(checker, "192.0.2.1", "Alice@PASS.Test")).isEqualTo(SpfResult.PASS);
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void nullSenderIsCheckedWithTheHeloName(SpfChecker checker) {
        SpfOutcome ok = checker.check(ip("192.0.2.10"), "", "helo.test");
        assertThat(ok.result()).isEqualTo(SpfResult.PASS);
        assertThat(ok.identity()).isEqualTo("helo");
        assertThat(header(ok)).contains("identity=helo;").doesNotContain("envelope-from");

        SpfOutcome bad = checker.check(ip("192.0.2.11"), "", "helo.test");
        assertThat(bad.result()).isEqualTo(SpfResult.FAIL);
        assertThat(SpfChecker.isFailure(bad, false)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void nullSenderWithoutHeloHasNothingToCheck(SpfChecker checker) {
        SpfOutcome out = checker.check(ip("192.0.2.10"), "", null);
        assertThat(out.result()).isEqualTo(SpfResult.NONE);
        assertThat(out.applicable()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void nullSenderWithAnAddressLiteralHeloHasNoDomainToAsk(SpfChecker checker) {
        assertThat(checker.check(ip("192.0.2.10"), "", "[192.0.2.10]").result()).isEqualTo(SpfResult.NONE);
        assertThat(checker.check(ip("192.0.2.10"), "", "192.0.2.10").result()).isEqualTo(SpfResult.NONE);
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void concurrentChecksGetTheirOwnAnswers(SpfChecker checker) throws Exception {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<SpfResult>> passes = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<SpfResult>> fails = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                passes.add(pool.submit(() -> result(checker, "203.0.113.7", "n@include.test")));
                fails.add(pool.submit(() -> result(checker, "203.0.113.8", "n@include.test")));
            }
            for (var f : passes) {
                assertThat(f.get()).isEqualTo(SpfResult.PASS);
            }
            for (var f : fails) {
                assertThat(f.get()).isEqualTo(SpfResult.FAIL);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void unansweredDnsIsATemporaryErrorNeverAFailure(SpfChecker checker) {
        SpfOutcome out = checker.check(ip("192.0.2.1"), "x@slow.test", "h.test");
        assertThat(out.result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(SpfChecker.isTemporaryError(out)).isTrue();
        assertThat(SpfChecker.isFailure(out, true)).isFalse();
        assertThat(header(out)).startsWith("temperror (");
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void noClientAddressMeansSpfDoesNotApply(SpfChecker checker) {
        SpfOutcome out = checker.check(null, "bob@fail.test", "localhost");
        assertThat(out.applicable()).isFalse();
        assertThat(out.receivedSpf()).isNull();
        assertThat(SpfChecker.isFailure(out, true)).isFalse();
        assertThat(SpfChecker.isTemporaryError(out)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void receiverNamedByTheCallerWins(SpfChecker checker) {
        SpfOutcome out = checker.check(ip("192.0.2.1"), "alice@pass.test", "h", "mta2.example.org");
        assertThat(header(out)).contains("(mta2.example.org: ").contains("receiver=mta2.example.org;");
    }

    @ParameterizedTest
    @MethodSource("checkers")
    void clientSuppliedTextCannotBreakTheHeader(SpfChecker checker) {
        SpfOutcome out = checker.check(ip("192.0.2.1"), "a\"b\r\n@pass.test", "evil\r\nX-Injected: 1 (x)");
        String value = header(out);
        assertThat(value).doesNotContain("\r").doesNotContain("\n");
        assertThat(value).contains("helo=\"evilX-Injected: 1 (x)\";");
        assertThat(value).contains("envelope-from=\"a\\\"b@pass.test\";");
    }

    private static String header(SpfOutcome out) {
        assertThat(out.headers()).hasSize(1);
        return out.headers().getFirst().value();
    }

    private static SpfResult result(SpfChecker checker, String client, String sender) {
        return checker.check(ip(client), sender, "helo.example").result();
    }
}
