package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4's end-to-end list (scenarios 1, 2, 3, 4, 5 and 7) and issue 6's action headers and manual
 * block: a private Postfix (with Cyrus SASL users) in front of one {@code bin/themisd --redis},
 * configured between messages with {@code bin/tmscli}, exactly as an administrator would.
 *
 * <p>One Postfix, one themisd and one Redis serve the whole class; every test starts from an empty
 * Themis configuration ({@code tmscli -f --flushdb}) and uses its own senders.
 */
class ThemisThroughPostfixIT {

    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    private static ThemisdProcess themisd;
    private static PostfixInstance postfix;
    private static TmscliRunner tmscli;

    @BeforeAll
    static void start() {
        themisd = ThemisdProcess.builder().redis(redis.uri()).start();
        postfix = PostfixInstance.builder()
                .hostname("mx1.example.test")
                .milter(themisd.milterAddress())
                // Fail closed in the tests: a themisd that does not answer shows up as 451, never as a pass.
                .milterDefaultAction("tempfail")
                .saslUser("alice@example.test", "alice-secret")
                .saslUser("bob@example.test", "bob-secret")
                .start();
        tmscli = new TmscliRunner(redis.uri());
    }

    @AfterAll
    static void stop() {
        Closing.all(postfix, themisd);
    }

    @BeforeEach
    void emptyConfiguration() {
        Configure.run(themisd, tmscli, "-f", "--flushdb");
    }

    // -------------------------------------------------------------------------------- scenario 1

    @Test
    void defaultPolicyDeliversAllMailWithOneDecisionLinePerMessage() {
        Configure.run(themisd, tmscli, "-a", "--policy", "default", "Source", "any", "Destination", "any");

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            SmtpResult r = postfix.send(Message.of("s1-" + i + "@example.org", "rcpt" + i + "@dest.test"));
            assertThat(r.accepted()).as(r.toString()).isTrue();
            ids.add(r.queueId().orElseThrow());
        }

        for (String id : ids) {
            assertThat(postfix.awaitOutcome(id)).isEqualTo(MaillogOutcome.SENT);
            DecisionLine d = themisd.awaitDecision(id);
            assertThat(d.outcome()).isEqualTo("accept");
            assertThat(d.policy()).isEqualTo("default");
            assertThat(d.mta()).isEqualTo("mx1.example.test");
            assertThat(themisd.decisions())
                    .filteredOn(x -> x.queueId().equals(id))
                    .hasSize(1);
        }
    }

    // -------------------------------------------------------------------------------- scenario 2

    @Test
    void blockPolicyRefusesTheFourthMessageWithItsReplyDataWhileOtherDestinationsFlow() {
        Configure.run(themisd, tmscli, "-a", "--group", "dests", "@dest.test");
        Configure.run(
                themisd,
                tmscli,
                "-a",
                "--policy",
                "limit",
                "Source",
                "any",
                "Destination",
                "dests",
                "JailBy",
                "Sender",
                "JailSpec",
                "3:60",
                "JailAction",
                "block",
                "ReplyData",
                "Slow down, retry in %s seconds");

        List<SmtpResult> results = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            results.add(postfix.send(Message.of("burst@example.org", "rcpt" + i + "@dest.test")));
        }
        SmtpResult elsewhere = postfix.send(Message.of("burst@example.org", "friend@elsewhere.test"));

        for (SmtpResult r : results.subList(0, 3)) {
            assertThat(r.accepted()).as(r.toString()).isTrue();
            assertThat(postfix.awaitOutcome(r.queueId().orElseThrow())).isEqualTo(MaillogOutcome.SENT);
        }
        SmtpResult fourth = results.get(3);
        assertThat(fourth.accepted()).as(fourth.toString()).isFalse();
        assertThat(fourth.errorReply()).as(fourth.toString()).matches("550 5\\.7\\.1 Slow down, retry in \\d+ seconds");
        assertThat(postfix.maillogLines("milter-reject"))
                .anySatisfy(l -> assertThat(l).contains("from=<burst@example.org>"));
        assertThat(elsewhere.accepted()).as(elsewhere.toString()).isTrue();
        // the refused message's line is written by themisd's log thread just after its reply
        themisd.awaitDecision(
                d -> d.get("from").equals("burst@example.org") && d.outcome().equals("reject"),
                "the refused burst@example.org message");
        assertThat(themisd.decisions())
                .filteredOn(d -> d.get("from").equals("burst@example.org"))
                .extracting(DecisionLine::outcome)
                .startsWith("accept", "accept", "accept", "reject");
    }

    // -------------------------------------------------------------------------------- scenario 3

    @Test
    void deferPolicyAnswers451() {
        Configure.limit(themisd, tmscli, "slow", "Sender", "2:60", "defer");

        SmtpResult first = postfix.send(Message.of("deferred@example.org", "rcpt@dest.test"));
        SmtpResult second = postfix.send(Message.of("deferred@example.org", "rcpt@dest.test"));
        SmtpResult third = postfix.send(Message.of("deferred@example.org", "rcpt@dest.test"));

        assertThat(first.accepted()).as(first.toString()).isTrue();
        assertThat(second.accepted()).as(second.toString()).isTrue();
        assertThat(third.accepted()).as(third.toString()).isFalse();
        assertThat(third.errorReply()).as(third.toString()).startsWith("451 4.7.1");
    }

    @Test
    void holdPolicyLeavesTheMessageInPostfixHoldQueue() {
        Configure.limit(themisd, tmscli, "quarantine", "Sender", "1:60", "hold");

        SmtpResult first = postfix.send(Message.of("held@example.org", "rcpt@dest.test"));
        SmtpResult second = postfix.send(Message.of("held@example.org", "rcpt@dest.test"));

        assertThat(first.accepted()).as(first.toString()).isTrue();
        assertThat(postfix.awaitOutcome(first.queueId().orElseThrow())).isEqualTo(MaillogOutcome.SENT);
        // Held mail is accepted at SMTP level: the client cannot tell, the administrator can.
        assertThat(second.accepted()).as(second.toString()).isTrue();
        String held = second.queueId().orElseThrow();
        assertThat(postfix.awaitOutcome(held)).isEqualTo(MaillogOutcome.HELD);
        assertThat(postfix.holdQueue()).contains(held);
        assertThat(themisd.awaitDecision(held).outcome()).isEqualTo("hold");
    }

    // -------------------------------------------------------------------------------- scenario 4

    @Test
    void saslUsernameCountsTheLoginNotTheEnvelopeSender() {
        Configure.limit(themisd, tmscli, "logins", "SASLUsername", "2:60", "block");

        SmtpResult a1 = postfix.send(alice("a1@example.org"));
        SmtpResult a2 = postfix.send(alice("a2@example.org"));
        SmtpResult a3 = postfix.send(alice("a3@example.org"));
        // Without AUTH the policy does not apply at all: the same envelope sender keeps flowing.
        SmtpResult anon1 = postfix.send(Message.of("a3@example.org", "rcpt@dest.test"));
        SmtpResult anon2 = postfix.send(Message.of("a3@example.org", "rcpt@dest.test"));
        SmtpResult anon3 = postfix.send(Message.of("a3@example.org", "rcpt@dest.test"));

        assertThat(List.of(a1, a2))
                .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
        assertThat(a3.errorReply()).as(a3.toString()).startsWith("550 5.7.1");
        assertThat(List.of(anon1, anon2, anon3))
                .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
        DecisionLine d = themisd.awaitDecision(a1.queueId().orElseThrow());
        assertThat(d.object()).isEqualTo("alice@example.test");
        assertThat(d.get("login")).isEqualTo("alice@example.test");
    }

    @Test
    void senderPlusCountsTheLoginWhenAuthenticatedAndTheSenderOtherwise() {
        Configure.limit(themisd, tmscli, "senders", "Sender+", "2:60", "block");

        SmtpResult b1 = postfix.send(bob("b1@example.org"));
        SmtpResult b2 = postfix.send(bob("b2@example.org"));
        SmtpResult b3 = postfix.send(bob("b3@example.org"));
        SmtpResult anon = postfix.send(Message.of("b1@example.org", "rcpt@dest.test"));

        assertThat(List.of(b1, b2))
                .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
        assertThat(b3.errorReply()).as(b3.toString()).startsWith("550 5.7.1");
        assertThat(anon.accepted()).as(anon.toString()).isTrue();
        assertThat(themisd.awaitDecision(b2.queueId().orElseThrow()).object()).isEqualTo("bob@example.test");
        assertThat(themisd.awaitDecision(anon.queueId().orElseThrow()).object()).isEqualTo("b1@example.org");
    }

    @Test
    void aLimitOverrideUsageMonitoringAndResetWorkThroughTheRealMilter() {
        Configure.limit(themisd, tmscli, "outbound", "Sender", "1:3600", "defer", "RequestsMon", "TRUE");
        tmscli.ok("override", "big@example.org", "outbound", "3:3600");

        List<SmtpResult> big = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            big.add(postfix.send(Message.of("big@example.org", "rcpt@dest.test")));
        }
        SmtpResult smallFirst = postfix.send(Message.of("small@example.org", "rcpt@dest.test"));
        SmtpResult smallSecond = postfix.send(Message.of("small@example.org", "rcpt@dest.test"));

        // the customer with an override gets its own limit; everybody else the policy's
        for (int i = 0; i < 3; i++) {
            assertThat(big.get(i).accepted()).as(big.get(i).toString()).isTrue();
        }
        assertThat(big.get(3).errorReply()).as(big.get(3).toString()).startsWith("451 4.7.1");
        assertThat(smallFirst.accepted()).as(smallFirst.toString()).isTrue();
        assertThat(smallSecond.errorReply()).as(smallSecond.toString()).startsWith("451 4.7.1");

        String usage = tmscli.ok("usage", "big@example.org", "--json").stdout();
        assertThat(usage)
                .contains("\"policy\":\"outbound\"")
                .contains("\"override\":true")
                .contains("\"used\":3")
                .contains("\"remaining\":0");

        String monitor = tmscli.ok("monitor", "--policy", "outbound", "--last", "1h", "--json")
                .stdout();
        assertThat(monitor).contains("\"policy\":\"outbound\"").doesNotContain("\"total\":0,");

        tmscli.ok("reset", "--policy", "outbound", "big@example.org");
        SmtpResult afterReset = postfix.send(Message.of("big@example.org", "rcpt@dest.test"));
        assertThat(afterReset.accepted()).as(afterReset.toString()).isTrue();
    }

    private static Message alice(String envelopeSender) {
        return Message.of(envelopeSender, "rcpt@dest.test").authenticatedAs("alice@example.test", "alice-secret");
    }

    private static Message bob(String envelopeSender) {
        return Message.of(envelopeSender, "rcpt@dest.test").authenticatedAs("bob@example.test", "bob-secret");
    }

    // -------------------------------------------------------------------------------- scenario 5

    @Test
    void sendmailMailPassesThroughNonSmtpdMilters() {
        Configure.run(themisd, tmscli, "-a", "--policy", "default", "Source", "any", "Destination", "any");

        String id = postfix.sendmail(Message.of("local-user@example.test", "rcpt@dest.test"));

        assertThat(postfix.awaitOutcome(id)).isEqualTo(MaillogOutcome.SENT);
        DecisionLine d = themisd.awaitDecision(id);
        assertThat(d.outcome()).isEqualTo("accept");
        assertThat(d.get("from")).isEqualTo("local-user@example.test");
        assertThat(d.get("client")).isIn("local", "127.0.0.1");
    }

    @Test
    void refusedLocalMailIsNeverStuckInTheQueue() {
        Configure.limit(themisd, tmscli, "locallimit", "Sender", "1:60", "block");

        String first = postfix.sendmail(Message.of("cron@example.test", "rcpt@dest.test"));
        String second = postfix.sendmail(Message.of("cron@example.test", "rcpt@dest.test", "other@dest.test"));

        assertThat(postfix.awaitOutcome(first)).isEqualTo(MaillogOutcome.SENT);
        assertThat(postfix.awaitOutcome(second)).isEqualTo(MaillogOutcome.REJECTED);
        assertThat(themisd.awaitDecision(second).outcome()).isEqualTo("reject");
        // A recipient of local mail refused by a milter is a Postfix configuration error that keeps the
        // message queued forever: Themis decides local mail at end of message instead.
        assertThat(postfix.maillog()).doesNotContain("can't reject recipient");
        assertThat(postfix.maillog()).doesNotContain("milter configuration error");
        assertThat(postfix.queueIds()).doesNotContain(second);
    }

    // -------------------------------------------------------------------------------- scenario 7

    @Test
    void aTmscliChangeTakesEffectForTheNextMessageWithoutRestart() {
        Configure.limit(themisd, tmscli, "tight", "Sender", "1:60", "block");
        long themisdPid = themisd.pid();

        SmtpResult first = postfix.send(Message.of("change@example.org", "rcpt@dest.test"));
        SmtpResult refused = postfix.send(Message.of("change@example.org", "rcpt@dest.test"));
        // No waiting here on purpose: the next message after tmscli returns must see the change.
        tmscli.ok("-m", "--policy", "tight", "JailSpec", "10:60");
        SmtpResult afterRaise = postfix.send(Message.of("change@example.org", "rcpt@dest.test"));
        tmscli.ok("-m", "--policy", "tight", "Enable", "FALSE");
        SmtpResult afterDisable = postfix.send(Message.of("other-change@example.org", "rcpt@dest.test"));

        assertThat(first.accepted()).as(first.toString()).isTrue();
        assertThat(refused.errorReply()).as(refused.toString()).startsWith("550 5.7.1");
        assertThat(afterRaise.accepted()).as(afterRaise.toString()).isTrue();
        assertThat(afterDisable.accepted()).as(afterDisable.toString()).isTrue();
        assertThat(themisd.awaitDecision(afterDisable.queueId().orElseThrow()).policy())
                .isEqualTo("-");
        assertThat(themisd.pid()).as("themisd was not restarted").isEqualTo(themisdPid);
    }

    // -------------------------------------------------------------------------------- issue 6

    @Test
    void actionHeadersAreFoundInTheDeliveredMail() {
        Configure.run(themisd, tmscli, "-a", "--policy", "tagging", "Source", "any", "Destination", "any");
        Configure.run(
                themisd,
                tmscli,
                "-a",
                "--actionheaders",
                "tagging",
                "X-Spam-Flag",
                "^YES$",
                "X-Themis-Tag",
                "flagged",
                "X-Themis-Reason",
                "spam flag seen");

        SmtpResult flagged =
                postfix.send(Message.of("tagged@example.org", "rcpt@dest.test").withHeader("X-Spam-Flag: YES"));
        SmtpResult clean =
                postfix.send(Message.of("tagged@example.org", "rcpt@dest.test").withHeader("X-Spam-Flag: NO"));

        String flaggedId = flagged.queueId().orElseThrow(() -> new AssertionError(flagged.toString()));
        assertThat(themisd.awaitDecision(flaggedId).outcome()).isEqualTo("accept");
        DeliveredMessage tagged = postfix.awaitDelivered(flaggedId);
        assertThat(tagged.headers("X-Themis-Tag")).containsExactly("flagged");
        assertThat(tagged.headers("X-Themis-Reason")).containsExactly("spam flag seen");
        assertThat(postfix.awaitDelivered(clean.queueId().orElseThrow()).headers("X-Themis-Tag"))
                .isEmpty();
    }

    @Test
    void manualBlockTakesEffectOnTheNextMessage() {
        Configure.limit(themisd, tmscli, "guard", "Sender", "100:60", "block");

        SmtpResult before = postfix.send(Message.of("mallory@example.org", "rcpt@dest.test"));
        tmscli.ok("-m", "--metadata", "mallory@example.org", "manual_block", "TRUE");
        SmtpResult blocked = postfix.send(Message.of("mallory@example.org", "rcpt@dest.test"));
        tmscli.ok("-m", "--metadata", "AI:metadata:trudy@example.org", "manual_block", "TRUE");
        SmtpResult blockedFullKey = postfix.send(Message.of("trudy@example.org", "rcpt@dest.test"));
        SmtpResult bystander = postfix.send(Message.of("bystander@example.org", "rcpt@dest.test"));

        assertThat(before.accepted()).as(before.toString()).isTrue();
        assertThat(blocked.errorReply())
                .as(blocked.toString())
                .isEqualTo("550 5.7.1 Account manually blocked, contact your administrator");
        assertThat(blockedFullKey.errorReply()).as(blockedFullKey.toString()).startsWith("550 5.7.1");
        assertThat(bystander.accepted()).as(bystander.toString()).isTrue();
    }

    @Test
    void bypassMetadataLetsTheObjectThroughItsLimit() {
        Configure.limit(themisd, tmscli, "guard", "Sender", "1:60", "block");
        tmscli.ok("-m", "--metadata", "vip@example.org", "bypass", "TRUE");

        List<SmtpResult> vip = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            vip.add(postfix.send(Message.of("vip@example.org", "rcpt@dest.test")));
        }
        SmtpResult commonFirst = postfix.send(Message.of("common@example.org", "rcpt@dest.test"));
        SmtpResult commonSecond = postfix.send(Message.of("common@example.org", "rcpt@dest.test"));

        assertThat(vip)
                .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
        assertThat(commonFirst.accepted()).as(commonFirst.toString()).isTrue();
        assertThat(commonSecond.errorReply()).as(commonSecond.toString()).startsWith("550 5.7.1");
    }

    @Test
    void aFeatureChangeTakesEffectWithoutRestart() {
        Configure.run(themisd, tmscli, "-a", "--features", "global", "global_conditions", "[[2, 60]]");
        Configure.limit(themisd, tmscli, "globalspec", "Sender", "0:0", "block");

        SmtpResult first = postfix.send(Message.of("features@example.org", "rcpt@dest.test"));
        SmtpResult second = postfix.send(Message.of("features@example.org", "rcpt@dest.test"));
        SmtpResult third = postfix.send(Message.of("features@example.org", "rcpt@dest.test"));
        tmscli.ok("-m", "--features", "global", "global_conditions", "[[10, 60]]");
        SmtpResult afterRaise = postfix.send(Message.of("features@example.org", "rcpt@dest.test"));

        assertThat(List.of(first, second))
                .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
        assertThat(third.errorReply()).as(third.toString()).startsWith("550 5.7.1");
        assertThat(afterRaise.accepted()).as(afterRaise.toString()).isTrue();
    }
}
