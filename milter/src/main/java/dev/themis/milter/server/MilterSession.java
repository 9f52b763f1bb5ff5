package dev.themis.milter.server;

import dev.themis.milter.codec.AddressFamily;
import dev.themis.milter.codec.Command;
import dev.themis.milter.codec.Frame;
import dev.themis.milter.codec.FrameReader;
import dev.themis.milter.codec.MilterCodec;
import dev.themis.milter.codec.MilterProtocolException;
import dev.themis.milter.codec.PacketBuffer;
import dev.themis.milter.codec.Protocol;
import dev.themis.milter.codec.ReplyText;
import dev.themis.milter.codec.Response;
import dev.themis.runtime.Decider;
import dev.themis.runtime.Decision;
import dev.themis.runtime.Header;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.SmtpReply;
import dev.themis.runtime.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One milter connection: negotiation, the per-connection and per-message state, when to decide and
 * what to answer. Runs on its own (virtual) thread; nothing here is shared with other connections.
 *
 * <p>When the decision is taken:
 *
 * <ul>
 *   <li>SMTP mail whose policies need no headers: at DATA (after the last RCPT). Reject and tempfail
 *       answer DATA; a plain accept answers DATA with accept (Postfix then skips the rest); HOLD or
 *       headers to add are carried to end of message, the only place Postfix accepts them.
 *   <li>Mail from {@code non_smtpd_milters} (local submission): at end of message, because Postfix
 *       treats a rejected simulated RCPT or DATA as a configuration error and keeps the mail queued.
 *   <li>Policies that need headers: at end of message (the body is never requested).
 * </ul>
 */
final class MilterSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MilterSession.class);
    private static final Logger DECISIONS = LoggerFactory.getLogger("themis.decision");

    /** Actions we may use: add headers (ActionHeaders, Received-SPF) and quarantine (HOLD). */
    static final int OUR_ACTIONS = Protocol.SMFIF_ADDHDRS | Protocol.SMFIF_QUARANTINE;

    /** Steps we never need, and replies we never give, whatever the policies. */
    static final int BASE_PROTOCOL = Protocol.SMFIP_NOBODY
            | Protocol.SMFIP_NOEOH
            | Protocol.SMFIP_NOUNKNOWN
            | Protocol.SMFIP_NR_CONN
            | Protocol.SMFIP_NR_HELO
            | Protocol.SMFIP_NR_MAIL
            | Protocol.SMFIP_NR_RCPT
            | Protocol.SMFIP_NR_EOH
            | Protocol.SMFIP_NR_BODY
            | Protocol.SMFIP_NR_UNKN;

    /** Macros we ask for, per stage; they replace Postfix's milter_*_macros lists for us. */
    static final Map<Integer, String> MACROS = Map.of(
            Protocol.SMFIM_CONNECT, "j {daemon_name}",
            Protocol.SMFIM_ENVFROM, "i {auth_authen} {mail_addr}",
            Protocol.SMFIM_ENVRCPT, "i {rcpt_addr}",
            Protocol.SMFIM_DATA, "i",
            Protocol.SMFIM_EOM, "i");

    private static final int MAX_HEADERS = 10_000;

    private final long id;
    private final SocketChannel channel;
    private final String peer;
    private final Decider decider;
    private final ServerSettings settings;
    private final ServerListener listener;
    private final MilterServer server;
    private final LongSupplier ticker;
    private final FrameReader reader;
    private final PacketBuffer out = new PacketBuffer();

    // Connection state.
    private boolean negotiated;
    private int actions;
    private int protocol;
    private final Map<String, String> connectionMacros = new HashMap<>();
    private Command.@Nullable Connect connect;
    private @Nullable String helo;
    private Command.@Nullable Macros pendingMacros;

    // Message state; reset by MAIL and ABORT.
    private final Map<String, String> messageMacros = new HashMap<>();
    private @Nullable String sender;
    private final List<String> recipients = new ArrayList<>();
    private final List<Header> headers = new ArrayList<>();
    private int headerBytes;
    private boolean headersTruncated;
    private boolean queueIdAtMail;
    private @Nullable Decision carried;
    private @Nullable MessageFacts carriedFacts;
    private boolean answered;

    /** True from MAIL until the message got its final answer or was aborted (graceful stop waits). */
    private volatile boolean inMessage;

    private volatile @Nullable String closeReason;
    private Duration lastLatency = Duration.ZERO;

    MilterSession(
            long id,
            SocketChannel channel,
            String peer,
            Decider decider,
            ServerSettings settings,
            ServerListener listener,
            MilterServer server,
            LongSupplier ticker) {
        this.id = id;
        this.channel = channel;
        this.peer = peer;
        this.decider = decider;
        this.settings = settings;
        this.listener = listener;
        this.server = server;
        this.ticker = ticker;
        this.reader = new FrameReader(channel, settings.maxFrame(), ticker);
    }

    @Override
    public void run() {
        listener.connectionOpened();
        try {
            loop();
        } catch (MilterProtocolException e) {
            listener.connectionFailed("protocol");
            LOG.warn("connection {} from {} closed: {}", id, peer, e.getMessage());
        } catch (ClosedChannelException e) {
            String reason = closeReason;
            if (reason != null && reason.startsWith("timeout")) {
                listener.connectionFailed("timeout");
                LOG.warn("connection {} from {} closed: {}", id, peer, reason);
            } else if (reason != null) {
                LOG.debug("connection {} from {} closed: {}", id, peer, reason);
            } else {
                LOG.debug("connection {} from {} closed", id, peer);
            }
        } catch (IOException e) {
            listener.connectionFailed("io");
            LOG.warn("connection {} from {} failed: {}", id, peer, describe(e));
        } catch (RuntimeException e) {
            listener.connectionFailed("internal");
            LOG.error("connection {} from {} failed: internal error: {}", id, peer, describe(e));
            LOG.debug("connection {}: stack of the internal error", id, e);
        } finally {
            closeQuietly();
            server.sessionEnded(this);
            listener.connectionClosed();
        }
    }

    private void loop() throws IOException {
        while (true) {
            Frame frame = reader.read();
            if (frame == null) {
                if (inMessage) {
                    LOG.info("connection {} from {} closed by the MTA in the middle of a message", id, peer);
                }
                return;
            }
            Command command = MilterCodec.decodeCommand(frame);
            if (!handle(command)) {
                return;
            }
            // Everything one command produced (at end of message: modifications, quarantine and the
            // final reply) leaves in one write.
            flush();
            if (server.isStopping() && !inMessage) {
                closeReason = "themisd is stopping";
                flush();
                return;
            }
        }
    }

    private void flush() throws IOException {
        if (!out.isEmpty()) {
            out.writeTo(channel);
        }
    }

    /** Handles one command; false ends the connection. */
    private boolean handle(Command command) throws IOException {
        if (!negotiated && !(command instanceof Command.Negotiate)) {
            throw new MilterProtocolException(
                    "expected option negotiation first, got " + Protocol.describe(command.code()));
        }
        switch (command) {
            case Command.Negotiate n -> negotiate(n);
            case Command.Macros m -> pendingMacros = m;
            case Command.Connect c -> {
                takeMacros(c.code(), connectionMacros);
                connect = c;
                replyUnless(Protocol.SMFIP_NR_CONN, Response.CONTINUE);
            }
            case Command.Helo h -> {
                takeMacros(h.code(), connectionMacros);
                helo = h.name();
                replyUnless(Protocol.SMFIP_NR_HELO, Response.CONTINUE);
            }
            case Command.Mail m -> {
                resetMessage();
                takeMacros(m.code(), messageMacros);
                String mailAddr = messageMacros.get("{mail_addr}");
                sender = mailAddr != null
                        ? mailAddr
                        : Addresses.normalize(m.args().getFirst());
                queueIdAtMail = messageMacros.containsKey("i");
                inMessage = true;
                replyUnless(Protocol.SMFIP_NR_MAIL, Response.CONTINUE);
            }
            case Command.Rcpt r -> {
                takeMacros(r.code(), messageMacros);
                String rcptAddr = messageMacros.remove("{rcpt_addr}");
                recipients.add(
                        rcptAddr != null
                                ? rcptAddr
                                : Addresses.normalize(r.args().getFirst()));
                replyUnless(Protocol.SMFIP_NR_RCPT, Response.CONTINUE);
            }
            case Command.Data d -> {
                takeMacros(d.code(), messageMacros);
                onData();
            }
            case Command.Header h -> {
                takeMacros(h.code(), messageMacros);
                keepHeader(h);
                if (!answered) {
                    replyUnless(Protocol.SMFIP_NR_HDR, Response.CONTINUE);
                }
            }
            case Command.EndOfHeaders e -> {
                takeMacros(e.code(), messageMacros);
                if (!answered) {
                    replyUnless(Protocol.SMFIP_NR_EOH, Response.CONTINUE);
                }
            }
            case Command.Body b -> {
                takeMacros(b.code(), messageMacros);
                if (!answered) {
                    // We asked for no body; an MTA that sends it anyway is told to skip the rest.
                    replyUnless(
                            Protocol.SMFIP_NR_BODY,
                            (protocol & Protocol.SMFIP_SKIP) != 0 ? Response.SKIP : Response.CONTINUE);
                }
            }
            case Command.EndOfMessage e -> {
                takeMacros(e.code(), messageMacros);
                onEndOfMessage();
            }
            case Command.Abort a -> resetMessage();
            case Command.Unknown u -> replyUnless(Protocol.SMFIP_NR_UNKN, Response.CONTINUE);
            case Command.Quit q -> {
                closeReason = "quit";
                return false;
            }
            case Command.QuitNewConnection q -> {
                resetMessage();
                negotiated = false;
                connect = null;
                helo = null;
                connectionMacros.clear();
            }
        }
        return true;
    }

    private void negotiate(Command.Negotiate n) throws MilterProtocolException {
        if (negotiated) {
            throw new MilterProtocolException("option negotiation repeated");
        }
        if (n.version() < Protocol.MIN_VERSION) {
            throw new MilterProtocolException("MTA speaks milter protocol version " + n.version() + ", at least "
                    + Protocol.MIN_VERSION + " is needed");
        }
        int version = Math.min(Protocol.VERSION, n.version());
        int wanted = BASE_PROTOCOL | (decider.needsHeaders() ? Protocol.SMFIP_NR_HDR : Protocol.SMFIP_NOHDRS);
        // Ask only for what the MTA offers: an NR_* it does not know means we must reply after all.
        protocol = wanted & n.protocol();
        actions = OUR_ACTIONS & n.actions();
        negotiated = true;
        out.clear();
        var reply = version >= 6 && settings.negotiateMacros()
                ? Response.Negotiate.of(version, actions, protocol, MACROS)
                : Response.Negotiate.of(version, actions, protocol, Map.of());
        MilterCodec.encode(reply, out);
    }

    private void takeMacros(byte forCommand, Map<String, String> into) {
        Command.Macros m = pendingMacros;
        if (m != null) {
            pendingMacros = null;
            if (m.forCommand() == forCommand) {
                into.putAll(m.values());
            }
        }
    }

    private void replyUnless(int noReplyFlag, Response response) {
        if ((protocol & noReplyFlag) == 0) {
            MilterCodec.encode(response, out);
        }
    }

    private void resetMessage() {
        messageMacros.clear();
        sender = null;
        recipients.clear();
        headers.clear();
        headerBytes = 0;
        headersTruncated = false;
        queueIdAtMail = false;
        carried = null;
        carriedFacts = null;
        answered = false;
        inMessage = false;
    }

    private void keepHeader(Command.Header h) {
        if (answered || carried != null || headersTruncated) {
            return;
        }
        int size = h.name().length() + h.value().length() + 2;
        if (headerBytes + size > settings.maxHeaderBytes() || headers.size() >= MAX_HEADERS) {
            headersTruncated = true;
            LOG.info(
                    "connection {}: message {} has more than {} bytes of headers; the rest are not considered",
                    id,
                    queueId(),
                    settings.maxHeaderBytes());
            return;
        }
        headerBytes += size;
        headers.add(new Header(h.name(), h.value()));
    }

    /** Local submission: cleanup(8) simulates the SMTP session with client port 0 and knows the queue id at MAIL. */
    private boolean isLocal() {
        Command.Connect c = connect;
        boolean simulatedClient =
                c != null && (c.family() == AddressFamily.INET || c.family() == AddressFamily.INET6) && c.port() == 0;
        return simulatedClient || queueIdAtMail;
    }

    private void onData() throws IOException {
        if (answered) {
            MilterCodec.encode(Response.CONTINUE, out);
            return;
        }
        boolean headersNegotiated = (protocol & Protocol.SMFIP_NOHDRS) == 0;
        boolean waitForHeaders = headersNegotiated && decider.needsHeaders();
        if (isLocal() || waitForHeaders) {
            replyUnless(Protocol.SMFIP_NR_DATA, Response.CONTINUE);
            return;
        }
        MessageFacts facts = facts();
        Decision decision = decide(facts);
        boolean needsEndOfMessage =
                decision.verdict() == Verdict.HOLD || !decision.addHeaders().isEmpty();
        if (needsEndOfMessage) {
            carried = decision;
            carriedFacts = facts;
            replyUnless(Protocol.SMFIP_NR_DATA, Response.CONTINUE);
            return;
        }
        answer(facts, decision, "data");
    }

    private void onEndOfMessage() {
        if (answered) {
            MilterCodec.encode(Response.ACCEPT, out);
            return;
        }
        Decision decision = carried;
        MessageFacts facts = carriedFacts;
        if (decision == null || facts == null) {
            facts = facts();
            decision = decide(facts);
        } else {
            // The queue id may have appeared after DATA; log with the freshest.
            facts = withQueueId(facts, queueId());
        }
        answer(facts, decision, "eom");
    }

    private static MessageFacts withQueueId(MessageFacts f, @Nullable String qid) {
        if (qid == null || qid.equals(f.queueId())) {
            return f;
        }
        return new MessageFacts(
                qid,
                f.mtaHost(),
                f.clientAddress(),
                f.helo(),
                f.sender(),
                f.recipients(),
                f.saslLogin(),
                f.headers(),
                f.local());
    }

    /** Encodes the final answer (with modifications at end of message), logs the decision line. */
    private void answer(MessageFacts facts, Decision decision, String stage) {
        boolean eom = stage.equals("eom");
        String rendered = null;
        switch (decision.verdict()) {
            case REJECT, TEMPFAIL -> {
                SmtpReply reply = decision.reply();
                if (reply == null) { // cannot happen: Decision requires it
                    reply = decision.verdict() == Verdict.REJECT
                            ? new SmtpReply(550, "5.7.1", "")
                            : new SmtpReply(451, "4.7.1", "");
                }
                int code = reply.code();
                if (decision.verdict() == Verdict.REJECT && code < 500) {
                    code = 550;
                } else if (decision.verdict() == Verdict.TEMPFAIL && code >= 500) {
                    code = 451;
                }
                rendered = ReplyText.render(code, reply.enhancedCode(), reply.text());
                MilterCodec.encode(new Response.ReplyCode(rendered), out);
            }
            case ACCEPT, HOLD -> {
                if (eom) {
                    addHeaders(decision.addHeaders());
                    if (decision.verdict() == Verdict.HOLD) {
                        if ((actions & Protocol.SMFIF_QUARANTINE) != 0) {
                            String policy = decision.policy();
                            MilterCodec.encode(
                                    new Response.Quarantine(
                                            "themis: held by policy " + (policy == null ? "-" : policy)),
                                    out);
                        } else {
                            LOG.warn(
                                    "connection {}: cannot hold message {}: the MTA did not offer quarantine",
                                    id,
                                    facts.queueId());
                        }
                    }
                }
                MilterCodec.encode(Response.ACCEPT, out);
            }
        }
        answered = true;
        inMessage = false;
        listener.messageAnswered(stage);
        if (DECISIONS.isInfoEnabled()) {
            DECISIONS.info(DecisionLine.format(facts, decision, rendered, stage, lastLatency));
        }
    }

    private void addHeaders(List<Header> add) {
        if (add.isEmpty()) {
            return;
        }
        if ((actions & Protocol.SMFIF_ADDHDRS) == 0) {
            LOG.warn("connection {}: cannot add {} header(s): the MTA did not offer header changes", id, add.size());
            return;
        }
        for (Header h : add) {
            String value = HeaderRules.value(h.value());
            if (!HeaderRules.validName(h.name()) || value == null) {
                LOG.warn("connection {}: not adding malformed header `{}`", id, h.name());
                continue;
            }
            MilterCodec.encode(new Response.AddHeader(h.name(), value), out);
        }
    }

    private Decision decide(MessageFacts facts) {
        long start = ticker.getAsLong();
        Decision d;
        try {
            d = decider.decide(facts);
        } catch (RuntimeException e) {
            LOG.error(
                    "connection {}: deciding message {} failed: {}; answering {}",
                    id,
                    facts.queueId(),
                    describe(e),
                    settings.onFailure(),
                    e);
            d = failureDecision("internal error: " + describe(e));
        }
        lastLatency = Duration.ofNanos(ticker.getAsLong() - start);
        return d;
    }

    private Decision failureDecision(String detail) {
        if (settings.onFailure() == Verdict.TEMPFAIL) {
            return new Decision(
                    Verdict.TEMPFAIL,
                    new SmtpReply(451, "4.7.1", "Try again later"),
                    List.of(),
                    null,
                    null,
                    detail,
                    -1);
        }
        return new Decision(Verdict.ACCEPT, null, List.of(), null, null, detail, -1);
    }

    private @Nullable String queueId() {
        String qid = messageMacros.get("i");
        return qid == null || qid.isEmpty() ? null : qid;
    }

    private MessageFacts facts() {
        String mta = connectionMacros.get("j");
        if (mta == null || mta.isEmpty()) {
            mta = connectionMacros.get("{daemon_name}");
        }
        String login = messageMacros.get("{auth_authen}");
        String s = sender;
        return new MessageFacts(
                queueId(),
                mta == null || mta.isEmpty() ? null : mta,
                clientAddress(),
                helo,
                s == null ? "" : s,
                recipients,
                login == null || login.isEmpty() ? null : login,
                headers,
                isLocal());
    }

    private @Nullable InetAddress clientAddress() {
        Command.Connect c = connect;
        if (c == null || c.address() == null) {
            return null;
        }
        if (c.family() != AddressFamily.INET && c.family() != AddressFamily.INET6) {
            return null;
        }
        return Inet.literal(c.address());
    }

    /** Called by the watchdog or a stopping server: closes the channel, which ends the blocked read. */
    void close(String reason) {
        closeReason = reason;
        closeQuietly();
    }

    boolean inMessage() {
        return inMessage;
    }

    FrameReader reader() {
        return reader;
    }

    long id() {
        return id;
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing connection {}: {}", id, e.toString());
        }
    }

    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                b.append(": caused by ");
            }
            String msg = t.getMessage();
            b.append(t.getClass().getSimpleName());
            if (msg != null && !msg.isEmpty()) {
                b.append(' ').append(msg);
            }
        }
        return b.toString();
    }

    /** Parses IP literals only (never a DNS lookup). */
    static final class Inet {
        private Inet() {}

        static @Nullable InetAddress literal(@Nullable String text) {
            if (text == null || text.isEmpty()) {
                return null;
            }
            String s = text;
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            if (s.regionMatches(true, 0, "IPv6:", 0, 5)) {
                s = s.substring(5);
            }
            try {
                return InetAddress.ofLiteral(s);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
