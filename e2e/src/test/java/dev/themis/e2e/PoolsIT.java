package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6, pools: two Postfix instances with different {@code myhostname} share one themisd and one
 * Redis; the pool policy applies only to the MTA in the pool, so the same sender gets different
 * decisions depending on the MTA it uses.
 */
class PoolsIT {

    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    private static ThemisdProcess themisd;
    private static PostfixInstance inPool;
    private static PostfixInstance outsidePool;
    private static TmscliRunner tmscli;

    @BeforeAll
    static void start() {
        themisd = ThemisdProcess.builder().redis(redis.uri()).start();
        inPool = PostfixInstance.builder()
                .hostname("mx1.outbound.example.test")
                .milter(themisd.milterAddress())
                .start();
        outsidePool = PostfixInstance.builder()
                .hostname("mx9.inbound.example.test")
                .milter(themisd.milterAddress())
                .start();
        tmscli = new TmscliRunner(redis.uri());
    }

    @AfterAll
    static void stop() {
        Closing.all(inPool, outsidePool, themisd);
    }

    @Test
    void theSameSenderGetsDifferentDecisionsOnMtasInDifferentPools() {
        tmscli.ok("-f", "--flushdb");
        Configure.run(themisd, tmscli, "-a", "--pool", "outbound", "mx1.outbound.example.test");
        Configure.limit(themisd, tmscli, "outbound:tight", "Sender", "1:60", "block");
        Configure.limit(themisd, tmscli, "relaxed", "Sender", "100:60", "block");

        SmtpResult poolFirst = inPool.send(Message.of("roamer@example.org", "rcpt@dest.test"));
        SmtpResult poolSecond = inPool.send(Message.of("roamer@example.org", "rcpt@dest.test"));
        SmtpResult otherFirst = outsidePool.send(Message.of("roamer@example.org", "rcpt@dest.test"));
        SmtpResult otherSecond = outsidePool.send(Message.of("roamer@example.org", "rcpt@dest.test"));

        assertThat(poolFirst.accepted()).as(poolFirst.toString()).isTrue();
        assertThat(poolSecond.errorReply()).as(poolSecond.toString()).startsWith("550 5.7.1");
        assertThat(otherFirst.accepted()).as(otherFirst.toString()).isTrue();
        assertThat(otherSecond.accepted()).as(otherSecond.toString()).isTrue();

        DecisionLine inPoolDecision = themisd.awaitDecision(poolFirst.queueId().orElseThrow());
        assertThat(inPoolDecision.mta()).isEqualTo("mx1.outbound.example.test");
        assertThat(inPoolDecision.policy()).isEqualTo("outbound:tight");
        DecisionLine outsideDecision =
                themisd.awaitDecision(otherSecond.queueId().orElseThrow());
        assertThat(outsideDecision.mta()).isEqualTo("mx9.inbound.example.test");
        assertThat(outsideDecision.policy()).isEqualTo("relaxed");
    }
}
