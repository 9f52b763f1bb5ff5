package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4 scenario 6: what happens to mail when a piece is down.
 *
 * <ul>
 *   <li>themisd stopped: Postfix applies its own {@code milter_default_action};
 *   <li>Redis stopped: themisd answers at once (well inside Postfix's milter timeouts) with its
 *       failure decision (accept by default, tempfail when configured) and says why in its log;
 *   <li>Redis back: the limits apply again, without restarting anything.
 * </ul>
 *
 * Postfix's default listener fails open ({@code milter_default_action = accept}), so a 451 there can
 * only come from themisd itself; the {@code failclosed} listener uses {@code tempfail}; the {@code
 * strict} listener talks to a second themisd configured to defer when it cannot decide.
 */
class OutageIT {

    /** Persists, so that "Redis back" finds the configuration and counters it had (a real Redis would). */
    @RegisterExtension
    static final RedisServer redis = RedisServer.builder()
            .config("appendonly yes")
            .config("appendfsync always")
            .build();

    private static ThemisdProcess themisd;
    private static ThemisdProcess strictThemisd;
    private static PostfixInstance postfix;
    private static TmscliRunner tmscli;

    @BeforeAll
    static void start() {
        themisd = ThemisdProcess.builder().redis(redis.uri()).start();
        strictThemisd = ThemisdProcess.builder()
                .redis(redis.uri())
                .config(ThemisdConfig.onFailureTempfail())
                .start();
        postfix = PostfixInstance.builder()
                .hostname("mx-outage.example.test")
                .milter(themisd.milterAddress())
                .milterDefaultAction("accept")
                .listener("failclosed", Map.of("milter_default_action", "tempfail"))
                .listener("strict", Map.of("smtpd_milters", strictThemisd.milterAddress()))
                .start();
        tmscli = new TmscliRunner(redis.uri());
    }

    @AfterAll
    static void stop() {
        Closing.all(postfix, themisd, strictThemisd);
    }

    @BeforeEach
    void onePerMinutePolicy() {
        if (!themisd.isRunning()) {
            themisd.start();
        }
        tmscli.ok("-f", "--flushdb");
        Configure.limit(themisd, tmscli, "tight", "Sender", "1:60", "block");
    }

    @Test
    void themisdStoppedPostfixAppliesMilterDefaultAction() {
        assertThat(themisd.stop()).as("exit status after SIGTERM, a clean stop").isZero();
        try {
            SmtpResult failOpen = postfix.send(Message.of("down1@example.org", "rcpt@dest.test"));
            SmtpResult failClosed = postfix.send("failclosed", Message.of("down2@example.org", "rcpt@dest.test"));

            assertThat(failOpen.accepted()).as(failOpen.toString()).isTrue();
            assertThat(postfix.awaitOutcome(failOpen.queueId().orElseThrow())).isEqualTo(MaillogOutcome.SENT);
            assertThat(failClosed.accepted()).as(failClosed.toString()).isFalse();
            assertThat(failClosed.errorReply()).startsWith("451 4.7.1");
        } finally {
            themisd.start();
        }
        SmtpResult back = postfix.send("failclosed", Message.of("down3@example.org", "rcpt@dest.test"));
        assertThat(back.accepted()).as(back.toString()).isTrue();
        assertThat(themisd.awaitDecision(back.queueId().orElseThrow()).policy()).isEqualTo("tight");
    }

    @Test
    void redisStoppedThemisdAcceptsAtOnceSaysWhyAndLimitsReturnWithRedis() {
        SmtpResult counted = postfix.send("failclosed", Message.of("outage@example.org", "rcpt@dest.test"));
        assertThat(counted.accepted()).as(counted.toString()).isTrue();
        int mark = themisd.logMark();
        int strictMark = strictThemisd.logMark();

        redis.stop();
        SmtpResult duringOutage;
        SmtpResult strictDuringOutage;
        try {
            // Through the fail-closed listener: had themisd hung past milter_command_timeout, Postfix
            // would answer 451; an accepted message proves themisd itself answered, and in time.
            duringOutage = postfix.send("failclosed", Message.of("outage@example.org", "rcpt@dest.test"));
            strictDuringOutage = postfix.send("strict", Message.of("strict@example.org", "rcpt@dest.test"));
        } finally {
            redis.start();
        }

        assertThat(duringOutage.accepted()).as(duringOutage.toString()).isTrue();
        assertThat(postfix.awaitOutcome(duringOutage.queueId().orElseThrow())).isEqualTo(MaillogOutcome.SENT);
        assertThat(mentionsRedis(themisd, mark))
                .as("themisd says why it accepted without deciding:\n" + themisd.logSince(mark))
                .isPresent();
        assertThat(strictDuringOutage.accepted())
                .as(strictDuringOutage.toString())
                .isFalse();
        assertThat(strictDuringOutage.errorReply()).startsWith("451 4.7.1");
        assertThat(mentionsRedis(strictThemisd, strictMark))
                .as(strictThemisd.logSince(strictMark))
                .isPresent();

        // Redis is back with its data: the sender already used its one message a minute.
        SmtpResult afterOutage = Pause.until(Duration.ofSeconds(20), () -> {
                    SmtpResult r = postfix.send("failclosed", Message.of("outage@example.org", "rcpt@dest.test"));
                    return r.errorReply().startsWith("550") ? java.util.Optional.of(r) : java.util.Optional.empty();
                })
                .orElseThrow(() -> new AssertionError(
                        "limits did not apply again after Redis came back; themisd log:\n" + themisd.logSince(mark)));
        assertThat(afterOutage.errorReply()).startsWith("550 5.7.1");
    }

    /** A line after {@code mark} that says Redis is the cause (within a few seconds). */
    private static java.util.Optional<String> mentionsRedis(ThemisdProcess process, int mark) {
        return process.awaitLog(mark, l -> l.toLowerCase(Locale.ROOT).contains("redis"), Duration.ofSeconds(10));
    }
}
