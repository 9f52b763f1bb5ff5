package dev.themis.milter.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.Decision;
import dev.themis.runtime.Header;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.Verdict;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nightcode.milter.Actions;
import org.nightcode.milter.ProtocolFamily;
import org.nightcode.milter.ProtocolSteps;
import org.nightcode.milter.client.ConnectionFactory;
import org.nightcode.milter.client.Macros;
import org.nightcode.milter.client.MilterResponse;
import org.nightcode.milter.client.MilterSession;
import org.nightcode.milter.client.MilterSessionFactory;
import org.nightcode.milter.client.MilterSessionFactoryBuilder;
import org.nightcode.milter.codec.MilterPacket;

/**
 * An independent implementation of the MTA side (jmilter 0.6.1's client, test scope only) drives
 * our server, so our codec is not only tested against itself.
 */
class JmilterInteropTest {
    private final FakeDecider decider = new FakeDecider();
    private @Nullable MilterServer server;
    private @Nullable MilterSessionFactory factory;

    @BeforeEach
    void start() throws Exception {
        MilterServer s = MilterServer.start(
                new ListenAddress.Inet("127.0.0.1", 0),
                decider,
                // jmilter 0.6.1's client refuses an OPTNEG reply longer than 12 bytes (no macro lists)
                ServerSettings.defaults().withNegotiateMacros(false),
                ServerListener.NONE);
        server = s;
        int port = ((ListenAddress.Inet) s.address()).port();
        factory = MilterSessionFactoryBuilder.<InetSocketAddress>builder()
                .factory(ConnectionFactory.tcpIpFactory(new InetSocketAddress("127.0.0.1", port)))
                .protocolVersion(6)
                .actions(Actions.builder()
                        .addHeader()
                        .changeDeleteHeaders()
                        .quarantineEnvelope()
                        .addRecipients()
                        .deleteRecipients()
                        .replaceBody()
                        .changeFrom()
                        .build())
                .protocolSteps(ProtocolSteps.builder()
                        .noConnect()
                        .noHelo()
                        .noMailFrom()
                        .noRecipients()
                        .noBody()
                        .noHeaders()
                        .noEoh()
                        .noReplyForHeaders()
                        .noUnknownCommands()
                        .noData()
                        .understandSkip()
                        .noReplyForConnect()
                        .noReplyForHelo()
                        .noReplyForMailFrom()
                        .noReplyForRecipients()
                        .noReplyForData()
                        .noReplyForUnknown()
                        .noReplyForEoh()
                        .noReplyForBodyChunk()
                        .headerValueLeadingSpace()
                        .build())
                .create();
    }

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void jmilterClientGetsARejectWithOurReplyText() throws Exception {
        decider.answer = f -> FakeDecider.reject("Limit reached. Blocking for 42 second(s)");
        MilterSession session = session();
        assertThat(session.protocolVersion()).isEqualTo(6);
        envelope(session, "alice");
        MilterResponse data = session.data(
                        new byte[0], Macros.builder().add("i", "4721220E748").build())
                .get(5, TimeUnit.SECONDS);
        assertThat(describe(data.lastPacket())).isEqualTo("y:550 5.7.1 Limit reached. Blocking for 42 second(s)");
        session.quit().get(5, TimeUnit.SECONDS);

        MessageFacts f = decider.asked.getFirst();
        assertThat(f.sender()).isEqualTo("alice@example.test");
        assertThat(f.recipients()).containsExactly("bob@example.net");
        assertThat(f.saslLogin()).isEqualTo("alice");
        assertThat(f.mtaHost()).isEqualTo("mx1.example.test");
        assertThat(f.queueId()).isEqualTo("4721220E748");
    }

    @Test
    void jmilterClientGetsHeadersAndQuarantineAtEndOfMessage() throws Exception {
        decider.answer = f ->
                new Decision(Verdict.HOLD, null, List.of(new Header("X-Themis", "held")), "holdit", "alice", "", 1);
        MilterSession session = session();
        envelope(session, "alice");
        MilterResponse data = session.data(new byte[0]).get(5, TimeUnit.SECONDS);
        assertThat(describe(data.lastPacket())).isEqualTo("c:");
        MilterResponse eom =
                session.eob(Macros.builder().add("i", "4721220E748").build()).get(5, TimeUnit.SECONDS);
        assertThat(eom.packets().stream().map(JmilterInteropTest::describe))
                .containsExactly("h:X-Themis\0held\0", "q:themis: held by policy holdit\0", "a:");
        session.quit().get(5, TimeUnit.SECONDS);
    }

    private MilterSession session() throws Exception {
        return java.util.Objects.requireNonNull(factory).createSession().get(5, TimeUnit.SECONDS);
    }

    private static void envelope(MilterSession s, @Nullable String login) throws Exception {
        s.connect(
                        "client.example",
                        ProtocolFamily.SMFIA_INET,
                        41_828,
                        "192.0.2.7",
                        Macros.builder()
                                .add("j", "mx1.example.test")
                                .add("{daemon_name}", "mx1")
                                .build())
                .get(5, TimeUnit.SECONDS);
        s.helo("client.example").get(5, TimeUnit.SECONDS);
        Macros.Builder mail = Macros.builder().add("{mail_addr}", "alice@example.test");
        if (login != null) {
            mail.add("{auth_authen}", login);
        }
        s.envfrom(List.of("<alice@example.test>"), mail.build()).get(5, TimeUnit.SECONDS);
        s.envrcpt(List.of("<bob@example.net>")).get(5, TimeUnit.SECONDS);
    }

    private static String describe(MilterPacket p) {
        byte[] payload = p.payload();
        String text = new String(payload, US_ASCII);
        if (p.command() == 'y' && text.endsWith("\0")) {
            text = text.substring(0, text.length() - 1);
        }
        return (char) p.command() + ":" + text + (payload.length == 0 ? "" : "");
    }

    @SuppressWarnings("unused")
    private static String hex(byte[] b) {
        return Arrays.toString(b);
    }
}
