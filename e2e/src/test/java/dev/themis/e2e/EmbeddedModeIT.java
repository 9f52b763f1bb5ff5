package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: {@code bin/themisd} with no configuration and no Redis runs in embedded
 * mode with the example policies, and Postfix delivers mail through it. (The only flag is {@code
 * --listen}, so the test does not depend on port 8440 being free.)
 */
class EmbeddedModeIT {

    private static ThemisdProcess themisd;
    private static PostfixInstance postfix;

    @BeforeAll
    static void start() {
        themisd = ThemisdProcess.builder().start();
        postfix = PostfixInstance.builder()
                .hostname("mx-embedded.example.test")
                .milter(themisd.milterAddress())
                .milterDefaultAction("tempfail")
                .start();
    }

    @AfterAll
    static void stop() {
        Closing.all(postfix, themisd);
    }

    @Test
    void defaultThemisdAcceptsMailThroughPostfix() {
        SmtpResult smtp = postfix.send(Message.of("first-run@example.org", "rcpt@dest.test"));
        String local = postfix.sendmail(Message.of("root@example.test", "rcpt@dest.test"));

        assertThat(smtp.accepted()).as(smtp.toString()).isTrue();
        String id = smtp.queueId().orElseThrow();
        assertThat(postfix.awaitOutcome(id)).isEqualTo(MaillogOutcome.SENT);
        assertThat(postfix.awaitOutcome(local)).isEqualTo(MaillogOutcome.SENT);
        assertThat(themisd.awaitDecision(id).outcome()).isEqualTo("accept");
        assertThat(themisd.awaitDecision(local).outcome()).isEqualTo("accept");
    }
}
