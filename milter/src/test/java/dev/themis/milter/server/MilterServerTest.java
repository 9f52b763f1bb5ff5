package dev.themis.milter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.milter.codec.AddressFamily;
import dev.themis.milter.codec.Command;
import dev.themis.milter.codec.Protocol;
import dev.themis.milter.codec.Response;
import dev.themis.milter.mta.MilterClient;
import dev.themis.runtime.Decision;
import dev.themis.runtime.Header;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MilterServerTest {
    private final FakeDecider decider = new FakeDecider();
    private @Nullable MilterServer server;

    private ListenAddress start(ServerSettings settings) throws IOException {
        MilterServer s =
                MilterServer.start(new ListenAddress.Inet("127.0.0.1", 0), decider, settings, ServerListener.NONE);
        server = s;
        return s.address();
    }

    private ListenAddress start() throws IOException {
        return start(ServerSettings.defaults());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void negotiatesOnlyWhatItNeeds() throws Exception {
        ListenAddress addr = start();
        try (MilterClient c = MilterClient.connect(addr)) {
            Response.Negotiate n = c.negotiate();
            assertThat(n.version()).isEqualTo(6);
            assertThat(n.actions()).isEqualTo(Protocol.SMFIF_ADDHDRS | Protocol.SMFIF_QUARANTINE);
            int p = n.protocol();
            assertThat(p & Protocol.SMFIP_NOBODY).as("no body").isNotZero();
            assertThat(p & Protocol.SMFIP_NOHDRS)
                    .as("no headers when no policy needs them")
                    .isNotZero();
            assertThat(p & Protocol.SMFIP_NR_CONN & Protocol.SMFIP_NR_HELO).isZero(); // distinct bits
            for (int nr : new int[] {
                Protocol.SMFIP_NR_CONN, Protocol.SMFIP_NR_HELO, Protocol.SMFIP_NR_MAIL, Protocol.SMFIP_NR_RCPT
            }) {
                assertThat(p & nr).as("no reply to envelope events").isNotZero();
            }
            assertThat(p & Protocol.SMFIP_NR_DATA)
                    .as("DATA is where the decision is answered")
                    .isZero();
            assertThat(p & Protocol.SMFIP_HDR_LEADSPC)
                    .as("values without the leading space")
                    .isZero();
            assertThat(n.macros())
                    .containsEntry(Protocol.SMFIM_CONNECT, "j {daemon_name}")
                    .containsEntry(Protocol.SMFIM_ENVFROM, "i {auth_authen} {mail_addr}")
                    .containsEntry(Protocol.SMFIM_ENVRCPT, "i {rcpt_addr}")
                    .containsEntry(Protocol.SMFIM_DATA, "i")
                    .containsEntry(Protocol.SMFIM_EOM, "i");
        }
    }

    @Test
    void asksForHeadersWithoutRepliesWhenPoliciesNeedThem() throws Exception {
        decider.needsHeaders = true;
        ListenAddress addr = start();
        try (MilterClient c = MilterClient.connect(addr)) {
            int p = c.negotiate().protocol();
            assertThat(p & Protocol.SMFIP_NOHDRS).isZero();
            assertThat(p & Protocol.SMFIP_NR_HDR).isNotZero();
            assertThat(p & Protocol.SMFIP_NOBODY).isNotZero();
        }
    }

    @Test
    void requestsOnlyWhatTheMtaOffers() throws Exception {
        ListenAddress addr = start();
        try (MilterClient c = MilterClient.connect(addr)) {
            Response.Negotiate n = c.negotiate(6, Protocol.SMFIF_ADDHDRS, Protocol.SMFIP_NOBODY);
            assertThat(n.actions()).isEqualTo(Protocol.SMFIF_ADDHDRS);
            assertThat(n.protocol()).isEqualTo(Protocol.SMFIP_NOBODY);
            // Without NR_* every event gets an answer.
            assertThat(c.event(new Command.Connect("h", AddressFamily.INET, 1000, "192.0.2.1")))
                    .containsExactly(Response.CONTINUE);
        }
    }

    @Test
    void rejectsAtDataWithTheSafeReplyText() throws Exception {
        decider.answer = f -> FakeDecider.reject("Limit reached, 100% used\r\nsecond line");
        ListenAddress addr = start();
        try (Mta mta = new Mta(addr)) {
            List<Response> data = mta.smtpConnect("192.0.2.7", "client.example")
                    .smtpEnvelope("<alice@example.test>", "alice", "<bob@example.net>", "<carol@example.net>");
            assertThat(data).containsExactly(new Response.ReplyCode("550 5.7.1 Limit reached, 100%% used second line"));
        }
        MessageFacts f = decider.asked.getFirst();
        assertThat(f.sender()).isEqualTo("alice@example.test");
        assertThat(f.recipients()).containsExactly("bob@example.net", "carol@example.net");
        assertThat(f.saslLogin()).isEqualTo("alice");
        assertThat(f.mtaHost()).isEqualTo("mx1.example.test");
        assertThat(f.clientAddress()).isEqualTo(InetAddress.ofLiteral("192.0.2.7"));
        assertThat(f.helo()).isEqualTo("client.example");
        assertThat(f.queueId()).isEqualTo("4721220E748");
        assertThat(f.headers()).isEmpty();
        assertThat(f.local()).isFalse();
    }

    @Test
    void tempfailsAtData() throws Exception {
        decider.answer = f -> FakeDecider.tempfail("Slow down");
        try (Mta mta = new Mta(start())) {
            assertThat(mta.smtpConnect("192.0.2.7", "h").smtpEnvelope("<a@b>", null, "<c@d>"))
                    .containsExactly(new Response.ReplyCode("451 4.7.1 Slow down"));
        }
    }

    @Test
    void acceptsAtDataSoPostfixSkipsTheRest() throws Exception {
        try (Mta mta = new Mta(start())) {
            assertThat(mta.smtpConnect("192.0.2.7", "h").smtpEnvelope("<a@b>", null, "<c@d>"))
                    .containsExactly(Response.ACCEPT);
        }
        assertThat(decider.asked).hasSize(1);
    }

    @Test
    void holdIsCarriedToEndOfMessageWithHeadersAndQuarantineInOneAnswer() throws Exception {
        decider.answer = f -> new Decision(
                Verdict.HOLD,
                null,
                List.of(new Header("X-Themis", "  held\r\n by policy"), new Header("Bad Name", "x")),
                "holdit",
                "alice",
                "",
                3);
        try (Mta mta = new Mta(start())) {
            assertThat(mta.smtpConnect("192.0.2.7", "h").smtpEnvelope("<a@b>", null, "<c@d>"))
                    .containsExactly(Response.CONTINUE);
            assertThat(mta.content("Subject", "hi"))
                    .containsExactly(
                            new Response.AddHeader("X-Themis", "held\n\tby policy"),
                            new Response.Quarantine("themis: held by policy holdit"),
                            Response.ACCEPT);
        }
        assertThat(decider.asked).as("decided once, at DATA").hasSize(1);
    }

    @Test
    void headersArePassedWhenPoliciesNeedThemAndTheDecisionWaitsForEndOfMessage() throws Exception {
        decider.needsHeaders = true;
        decider.answer = f -> new Decision(Verdict.ACCEPT, null, List.of(new Header("X-Tag", "yes")), "p", null, "", 1);
        try (Mta mta = new Mta(start())) {
            assertThat(mta.smtpConnect("192.0.2.7", "h").smtpEnvelope("<a@b>", null, "<c@d>"))
                    .containsExactly(Response.CONTINUE);
            assertThat(mta.content("Subject", "hello", "X-Mailer", "test"))
                    .containsExactly(new Response.AddHeader("X-Tag", "yes"), Response.ACCEPT);
        }
        assertThat(decider.asked).hasSize(1);
        assertThat(decider.asked.getFirst().headers())
                .containsExactly(new Header("Subject", "hello"), new Header("X-Mailer", "test"));
    }

    @Test
    void localSubmissionIsDecidedAtEndOfMessageAndNeverRefusedEarlier() throws Exception {
        decider.answer = f -> FakeDecider.reject("no");
        try (Mta mta = new Mta(start())) {
            MilterClient c = mta.client;
            // cleanup(8)'s simulation for sendmail(1): localhost, port 0, no angle brackets, i at MAIL
            assertThat(c.event(
                            Mta.macros(Protocol.SMFIC_CONNECT, "j", "mx1.example.test"),
                            new Command.Connect("localhost", AddressFamily.INET, 0, "127.0.0.1")))
                    .isEmpty();
            assertThat(c.event(Mta.macros(Protocol.SMFIC_HELO), new Command.Helo("localhost")))
                    .isEmpty();
            assertThat(c.event(
                            Mta.macros(Protocol.SMFIC_MAIL, "i", "ABC123"),
                            new Command.Mail(List.of("localuser@example.test"))))
                    .isEmpty();
            assertThat(c.event(
                            Mta.macros(Protocol.SMFIC_RCPT, "i", "ABC123"),
                            new Command.Rcpt(List.of("bob@example.net"))))
                    .isEmpty();
            assertThat(c.event(Mta.macros(Protocol.SMFIC_DATA, "i", "ABC123"), new Command.Data()))
                    .containsExactly(Response.CONTINUE);
            assertThat(decider.asked).isEmpty();
            mta.queueId = "ABC123";
            assertThat(mta.content("Subject", "cron")).containsExactly(new Response.ReplyCode("550 5.7.1 no"));
        }
        MessageFacts f = decider.asked.getFirst();
        assertThat(f.local()).isTrue();
        assertThat(f.sender()).isEqualTo("localuser@example.test");
        assertThat(f.recipients()).containsExactly("bob@example.net");
        assertThat(f.queueId()).isEqualTo("ABC123");
    }

    @Test
    void abortStartsTheNextMessageClean() throws Exception {
        try (Mta mta = new Mta(start())) {
            mta.smtpConnect("2001:db8::7", "h");
            assertThat(mta.smtpEnvelope("<alice@example.test>", "alice", "<b@x>", "<c@x>"))
                    .containsExactly(Response.ACCEPT);
            mta.abort();
            // next message: not authenticated, one recipient, no queue id before DATA
            MilterClient c = mta.client;
            c.event(Mta.macros(Protocol.SMFIC_MAIL, "{mail_addr}", ""), new Command.Mail(List.of("<>")));
            c.event(Mta.macros(Protocol.SMFIC_RCPT), new Command.Rcpt(List.of("<d@x>")));
            assertThat(c.event(Mta.macros(Protocol.SMFIC_DATA), new Command.Data()))
                    .containsExactly(Response.ACCEPT);
        }
        assertThat(decider.asked).hasSize(2);
        MessageFacts second = decider.asked.get(1);
        assertThat(second.saslLogin()).isNull();
        assertThat(second.sender()).isEmpty();
        assertThat(second.recipients()).containsExactly("d@x");
        assertThat(second.queueId()).isNull();
        assertThat(second.clientAddress()).isEqualTo(InetAddress.ofLiteral("2001:db8::7"));
        assertThat(second.mtaHost()).isEqualTo("mx1.example.test");
    }

    @Test
    void daemonNameStandsInForJ() throws Exception {
        try (Mta mta = new Mta(start())) {
            MilterClient c = mta.client;
            c.event(
                    Mta.macros(Protocol.SMFIC_CONNECT, "{daemon_name}", "ORIGINATING"),
                    new Command.Connect("unknown", AddressFamily.UNKNOWN, 0, null));
            c.event(Mta.macros(Protocol.SMFIC_MAIL), new Command.Mail(List.of("<a@b>")));
            c.event(Mta.macros(Protocol.SMFIC_RCPT), new Command.Rcpt(List.of("<@relay.example:c@d>")));
            c.event(Mta.macros(Protocol.SMFIC_DATA), new Command.Data());
        }
        MessageFacts f = decider.asked.getFirst();
        assertThat(f.mtaHost()).isEqualTo("ORIGINATING");
        assertThat(f.clientAddress()).isNull();
        assertThat(f.helo()).isNull();
        assertThat(f.recipients()).containsExactly("c@d");
    }

    @Test
    void unixClientHasNoAddress() throws Exception {
        try (Mta mta = new Mta(start())) {
            MilterClient c = mta.client;
            c.event(
                    Mta.macros(Protocol.SMFIC_CONNECT),
                    new Command.Connect("localhost", AddressFamily.UNIX, 0, "/run/x"));
            c.event(Mta.macros(Protocol.SMFIC_MAIL), new Command.Mail(List.of("<a@b>")));
            c.event(Mta.macros(Protocol.SMFIC_RCPT), new Command.Rcpt(List.of("<c@d>")));
            assertThat(c.event(Mta.macros(Protocol.SMFIC_DATA), new Command.Data()))
                    .containsExactly(Response.ACCEPT);
        }
        assertThat(decider.asked.getFirst().clientAddress()).isNull();
        assertThat(decider.asked.getFirst().mtaHost()).isNull();
    }

    @Test
    void aFailingDeciderFollowsTheFailureRule() throws Exception {
        decider.answer = f -> {
            throw new IllegalStateException("boom");
        };
        try (Mta mta = new Mta(start(ServerSettings.defaults().withOnFailure(Verdict.TEMPFAIL)))) {
            assertThat(mta.smtpConnect("192.0.2.7", "h").smtpEnvelope("<a@b>", null, "<c@d>"))
                    .containsExactly(new Response.ReplyCode("451 4.7.1 Try again later"));
        }
    }

    @Test
    void severalMessagesOnOneConnection() throws Exception {
        try (Mta mta = new Mta(start())) {
            mta.smtpConnect("192.0.2.7", "h");
            for (int i = 0; i < 5; i++) {
                assertThat(mta.smtpEnvelope("<s" + i + "@x>", null, "<r@y>")).containsExactly(Response.ACCEPT);
                mta.abort();
            }
            mta.quit();
            assertThat(mta.client.isClosedByPeer()).isTrue();
        }
        assertThat(decider.asked)
                .extracting(MessageFacts::sender)
                .containsExactly("s0@x", "s1@x", "s2@x", "s3@x", "s4@x");
    }

    @Test
    void quitNewConnectionStartsAFreshSessionOnTheSameSocket() throws Exception {
        try (Mta mta = new Mta(start())) {
            mta.smtpConnect("192.0.2.7", "first.example");
            assertThat(mta.smtpEnvelope("<a@b>", "alice", "<c@d>")).containsExactly(Response.ACCEPT);
            mta.client.send(new Command.QuitNewConnection());
            mta.client.negotiate();
            MilterClient c = mta.client;
            c.event(Mta.macros(Protocol.SMFIC_CONNECT), new Command.Connect("x", AddressFamily.INET, 2, "192.0.2.8"));
            c.event(Mta.macros(Protocol.SMFIC_MAIL), new Command.Mail(List.of("<e@f>")));
            c.event(Mta.macros(Protocol.SMFIC_RCPT), new Command.Rcpt(List.of("<g@h>")));
            assertThat(c.event(Mta.macros(Protocol.SMFIC_DATA), new Command.Data()))
                    .containsExactly(Response.ACCEPT);
        }
        MessageFacts second = decider.asked.get(1);
        assertThat(second.helo()).isNull();
        assertThat(second.mtaHost()).isNull();
        assertThat(second.saslLogin()).isNull();
        assertThat(second.clientAddress()).isEqualTo(InetAddress.ofLiteral("192.0.2.8"));
    }

    @Test
    void aBodySentAnywayIsIgnoredWithoutAReply() throws Exception {
        decider.needsHeaders = true;
        try (Mta mta = new Mta(start())) {
            mta.smtpConnect("192.0.2.7", "h");
            assertThat(mta.smtpEnvelope("<a@b>", null, "<c@d>")).containsExactly(Response.CONTINUE);
            // NR_BODY was negotiated: no reply may be sent for it
            mta.client.send(new Command.Body(java.nio.ByteBuffer.wrap(new byte[] {'x'})));
            assertThat(mta.client.event(new Command.EndOfMessage())).containsExactly(Response.ACCEPT);
        }
    }

    // ------------------------------------------------------------ hostile input

    @Test
    void anOversizedLengthClosesOnlyThatConnection() throws Exception {
        ListenAddress addr = start();
        try (Mta good = new Mta(addr);
                MilterClient bad = MilterClient.connect(addr)) {
            good.smtpConnect("192.0.2.7", "h");
            bad.negotiate();
            bad.sendRaw(new byte[] {0x7F, 0, 0, 0, 'B'});
            assertThat(bad.isClosedByPeer()).isTrue();
            assertThat(good.smtpEnvelope("<a@b>", null, "<c@d>")).containsExactly(Response.ACCEPT);
        }
    }

    @Test
    void anUnknownCommandClosesTheConnection() throws Exception {
        try (MilterClient bad = MilterClient.connect(start())) {
            bad.negotiate();
            bad.sendRaw(new byte[] {0, 0, 0, 1, 'Z'});
            assertThat(bad.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void eventsBeforeNegotiationCloseTheConnection() throws Exception {
        try (MilterClient bad = MilterClient.connect(start())) {
            bad.send(new Command.Helo("x"));
            assertThat(bad.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void aTruncatedPacketTimesOutAndASilentPeerIsClosed() throws Exception {
        ListenAddress addr =
                start(ServerSettings.defaults().withTimeouts(Duration.ofMillis(400), Duration.ofMillis(100)));
        try (MilterClient half = MilterClient.connect(addr);
                MilterClient silent = MilterClient.connect(addr)) {
            half.negotiate();
            half.sendRaw(new byte[] {0, 0, 0, 50, 'H', 'x'});
            silent.negotiate();
            assertThat(half.isClosedByPeer()).isTrue();
            assertThat(silent.isClosedByPeer()).isTrue();
        }
        try (Mta good = new Mta(addr)) {
            assertThat(good.smtpConnect("192.0.2.7", "h").smtpEnvelope("<a@b>", null, "<c@d>"))
                    .containsExactly(Response.ACCEPT);
        }
    }

    // ------------------------------------------------------------ lifecycle

    @Test
    void stopLetsAMessageInFlightFinish() throws Exception {
        CountDownLatch deciding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        decider.answer = f -> {
            deciding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeDecider.reject("late");
        };
        ListenAddress addr = start();
        try (Mta busy = new Mta(addr);
                MilterClient idle = MilterClient.connect(addr)) {
            idle.negotiate();
            busy.smtpConnect("192.0.2.7", "h");
            var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            CompletableFuture<List<Response>> answer = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return busy.smtpEnvelope("<a@b>", null, "<c@d>");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    threads);
            assertThat(deciding.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                    () -> java.util.Objects.requireNonNull(server).stop(Duration.ofSeconds(10)), threads);
            assertThat(idle.isClosedByPeer())
                    .as("idle connections close at once")
                    .isTrue();
            assertThat(refusedOrClosed(addr))
                    .as("no new connections are served")
                    .isTrue();
            release.countDown();
            assertThat(answer.get(10, TimeUnit.SECONDS)).containsExactly(new Response.ReplyCode("550 5.7.1 late"));
            assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(busy.client.isClosedByPeer()).isTrue();
        }
    }

    private static boolean refusedOrClosed(ListenAddress addr) {
        try (MilterClient late = MilterClient.connect(addr)) {
            late.send(new Command.Negotiate(6, Protocol.SMFIF_ALL_V6, Protocol.SMFIP_ALL_V6));
            return late.isClosedByPeer();
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void listensOnAUnixSocketAndRemovesItAtStop(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("themisd.sock");
        Files.createFile(dir.resolve("plain"));
        MilterServer s = MilterServer.start(
                new ListenAddress.Unix(sock), decider, ServerSettings.defaults(), ServerListener.NONE);
        server = s;
        try (Mta mta = new Mta(new ListenAddress.Unix(sock))) {
            assertThat(mta.smtpConnect("192.0.2.7", "h").smtpEnvelope("<a@b>", null, "<c@d>"))
                    .containsExactly(Response.ACCEPT);
        }
        s.close();
        assertThat(sock).doesNotExist();
        assertThatThrownBy(() -> MilterServer.start(
                        new ListenAddress.Unix(dir.resolve("plain")),
                        decider,
                        ServerSettings.defaults(),
                        ServerListener.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a socket");
    }
}
