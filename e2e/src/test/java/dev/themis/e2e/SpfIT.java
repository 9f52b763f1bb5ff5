package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6, SPF through Postfix against a local DNS zone only: a policy with {@code SPF TRUE} adds
 * {@code Received-SPF} to delivered mail and applies its JailAction when SPF fails.
 */
class SpfIT {

    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    private static LocalDnsServer dns;
    private static ThemisdProcess themisd;
    private static PostfixInstance postfix;
    private static TmscliRunner tmscli;

    @BeforeAll
    static void start() {
        dns = new LocalDnsServer(Map.of(
                "spf-pass.test", List.of("v=spf1 ip4:127.0.0.1 -all"),
                "spf-fail.test", List.of("v=spf1 ip4:192.0.2.1 -all"),
                "spf-none.test", List.of("not an spf record")));
        themisd = ThemisdProcess.builder()
                .redis(redis.uri())
                // SPF uses the system resolver configuration; dnsjava reads it from this property first.
                .env("THEMIS_JAVA_OPTS", "-Ddns.server=127.0.0.1:" + dns.port())
                .start();
        postfix = PostfixInstance.builder()
                .hostname("mx-spf.example.test")
                .milter(themisd.milterAddress())
                .start();
        tmscli = new TmscliRunner(redis.uri());
    }

    @AfterAll
    static void stop() {
        Closing.all(postfix, themisd, dns);
    }

    @Test
    void spfPassIsRecordedInTheDeliveredMailAndSpfFailIsRefused() {
        tmscli.ok("-f", "--flushdb");
        Configure.run(
                themisd,
                tmscli,
                "-a",
                "--policy",
                "spf",
                "Source",
                "any",
                "Destination",
                "any",
                "SPF",
                "TRUE",
                "JailBy",
                "Sender",
                "JailSpec",
                "1000:60",
                "JailAction",
                "block");

        SmtpResult pass = postfix.send(
                Message.of("someone@spf-pass.test", "rcpt@dest.test").withHelo("mail.spf-pass.test"));
        SmtpResult fail = postfix.send(Message.of("forger@spf-fail.test", "rcpt@dest.test"));
        SmtpResult none = postfix.send(Message.of("someone@spf-none.test", "rcpt@dest.test"));

        assertThat(pass.accepted()).as(pass.toString()).isTrue();
        assertThat(postfix.awaitDelivered(pass.queueId().orElseThrow()).headers("Received-SPF"))
                .singleElement()
                .satisfies(h -> assertThat(h).startsWith("pass").contains("client-ip=127.0.0.1"));
        assertThat(fail.accepted()).as(fail.toString()).isFalse();
        assertThat(fail.errorReply()).startsWith("550 5.7.1");
        assertThat(none.accepted()).as(none.toString()).isTrue();
        assertThat(postfix.awaitDelivered(none.queueId().orElseThrow()).headers("Received-SPF"))
                .singleElement()
                .satisfies(h -> assertThat(h).startsWith("none"));
    }
}
