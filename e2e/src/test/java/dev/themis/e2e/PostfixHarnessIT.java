package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness itself, with Postfix alone: what the Themis scenarios rely on (delivery to the sink,
 * local submission, SASL, the hold queue) and how Postfix behaves when the milter is not there.
 */
class PostfixHarnessIT {
    private static final String HOLD_HEADER = "X-Harness-Hold: yes";

    private static PostfixInstance postfix;
    private static int deadMilterPort;

    @BeforeAll
    static void start() {
        deadMilterPort = FreePort.pick();
        postfix = PostfixInstance.builder()
                .hostname("harness.example.test")
                .saslUser("alice@example.test", "alice-secret")
                .headerChecks("/^X-Harness-Hold: yes/ HOLD")
                .listener(
                        "failopen",
                        Map.of("smtpd_milters", "inet:127.0.0.1:" + deadMilterPort, "milter_default_action", "accept"))
                .listener(
                        "failclosed",
                        Map.of(
                                "smtpd_milters",
                                "inet:127.0.0.1:" + deadMilterPort,
                                "milter_default_action",
                                "tempfail"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (postfix != null) {
            postfix.close();
        }
    }

    @Test
    void deliversToTheSinkWithHeadersIntact() {
        SmtpResult r =
                postfix.send(Message.of("plain@example.org", "rcpt@dest.test").withHeader("X-Probe: 42"));

        assertThat(r.accepted()).as(r.toString()).isTrue();
        String id = r.queueId().orElseThrow();
        assertThat(postfix.awaitOutcome(id)).isEqualTo(MaillogOutcome.SENT);
        DeliveredMessage d = postfix.awaitDelivered(id);
        assertThat(d.headers("X-Probe")).containsExactly("42");
        assertThat(d.headers("Received")).anySatisfy(h -> assertThat(h).contains("by harness.example.test (Postfix)"));
    }

    @Test
    void sendmailSubmissionIsDelivered() {
        String id = postfix.sendmail(Message.of("local-user@example.test", "rcpt@dest.test"));

        assertThat(postfix.awaitOutcome(id)).isEqualTo(MaillogOutcome.SENT);
        assertThat(postfix.awaitDelivered(id).headers("From")).containsExactly("local-user@example.test");
    }

    @Test
    void saslLoginWorksAndAWrongPasswordIsRefused() {
        SmtpResult good = postfix.send(Message.of("someone@example.org", "rcpt@dest.test")
                .authenticatedAs("alice@example.test", "alice-secret"));
        SmtpResult bad = postfix.send(
                Message.of("someone@example.org", "rcpt@dest.test").authenticatedAs("alice@example.test", "wrong"));

        assertThat(good.accepted()).as(good.toString()).isTrue();
        assertThat(postfix.maillogLines(good.queueId().orElseThrow()))
                .anySatisfy(l -> assertThat(l).contains("sasl_username=alice@example.test"));
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(28);
        assertThat(bad.errorReply()).startsWith("535");
    }

    @Test
    void heldMailShowsInTheHoldQueue() {
        SmtpResult r =
                postfix.send(Message.of("holdme@example.org", "rcpt@dest.test").withHeader(HOLD_HEADER));

        String id = r.queueId().orElseThrow(() -> new AssertionError(r.toString()));
        assertThat(postfix.awaitOutcome(id)).isEqualTo(MaillogOutcome.HELD);
        assertThat(postfix.holdQueue()).contains(id);
    }

    @Test
    void unreachableMilterFollowsMilterDefaultAction() {
        SmtpResult accepted = postfix.send("failopen", Message.of("nomilter@example.org", "rcpt@dest.test"));
        SmtpResult deferred = postfix.send("failclosed", Message.of("nomilter@example.org", "rcpt@dest.test"));

        assertThat(accepted.accepted()).as(accepted.toString()).isTrue();
        assertThat(postfix.awaitOutcome(accepted.queueId().orElseThrow())).isEqualTo(MaillogOutcome.SENT);
        assertThat(deferred.accepted()).as(deferred.toString()).isFalse();
        assertThat(deferred.errorReply()).startsWith("451 4.7.1");
    }

    @Test
    void reconfigureRestartsWithTheNewSettings() {
        try {
            postfix.reconfigure(Map.of("smtpd_milters", "inet:127.0.0.1:" + deadMilterPort));
            SmtpResult deferred = postfix.send(Message.of("restarted@example.org", "rcpt@dest.test"));
            assertThat(deferred.errorReply()).as(deferred.toString()).startsWith("451 4.7.1");
        } finally {
            postfix.reconfigure(Map.of("smtpd_milters", ""));
        }
        SmtpResult accepted = postfix.send(Message.of("restarted@example.org", "rcpt@dest.test"));
        assertThat(accepted.accepted()).as(accepted.toString()).isTrue();
    }
}
