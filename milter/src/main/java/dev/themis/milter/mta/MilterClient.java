package dev.themis.milter.mta;

import dev.themis.milter.codec.Command;
import dev.themis.milter.codec.Frame;
import dev.themis.milter.codec.FrameReader;
import dev.themis.milter.codec.MilterCodec;
import dev.themis.milter.codec.MilterProtocolException;
import dev.themis.milter.codec.PacketBuffer;
import dev.themis.milter.codec.Protocol;
import dev.themis.milter.codec.Response;
import dev.themis.milter.server.ListenAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Talks to a milter the way Postfix does: negotiates, then sends events and reads replies, skipping
 * the reads for events negotiated as "no reply" ({@code SMFIP_NR_*}) or not sent at all ({@code
 * SMFIP_NO*}). Not thread-safe; one per connection.
 */
public final class MilterClient implements AutoCloseable {
    private final SocketChannel channel;
    private final FrameReader reader;
    private final PacketBuffer out = new PacketBuffer();
    private Response.Negotiate negotiated = Response.Negotiate.of(Protocol.VERSION, 0, 0, java.util.Map.of());

    private MilterClient(SocketChannel channel) {
        this.channel = channel;
        this.reader = new FrameReader(channel, Protocol.DEFAULT_MAX_FRAME, System::nanoTime);
    }

    /** Connects (TCP with TCP_NODELAY, or a unix socket). */
    public static MilterClient connect(ListenAddress address) throws IOException {
        SocketChannel ch = address instanceof ListenAddress.Unix
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        try {
            if (!(address instanceof ListenAddress.Unix)) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ch.connect(address.socketAddress());
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new MilterClient(ch);
    }

    /** Negotiates as Postfix does: version 6, every action, every protocol step. */
    public Response.Negotiate negotiate() throws IOException {
        return negotiate(Protocol.VERSION, Protocol.SMFIF_ALL_V6, Protocol.SMFIP_ALL_V6);
    }

    public Response.Negotiate negotiate(int version, int actions, int protocol) throws IOException {
        send(new Command.Negotiate(version, actions, protocol));
        Response r = read();
        if (!(r instanceof Response.Negotiate n)) {
            throw new MilterProtocolException("expected the negotiation reply, got " + r);
        }
        negotiated = n;
        return n;
    }

    /** The milter's negotiation reply. */
    public Response.Negotiate negotiated() {
        return negotiated;
    }

    /** Whether the milter wants the event with this code at all. */
    public boolean wants(byte code) {
        int p = negotiated.protocol();
        int flag = switch (code) {
            case Protocol.SMFIC_CONNECT -> Protocol.SMFIP_NOCONNECT;
            case Protocol.SMFIC_HELO -> Protocol.SMFIP_NOHELO;
            case Protocol.SMFIC_MAIL -> Protocol.SMFIP_NOMAIL;
            case Protocol.SMFIC_RCPT -> Protocol.SMFIP_NORCPT;
            case Protocol.SMFIC_DATA -> Protocol.SMFIP_NODATA;
            case Protocol.SMFIC_HEADER -> Protocol.SMFIP_NOHDRS;
            case Protocol.SMFIC_EOH -> Protocol.SMFIP_NOEOH;
            case Protocol.SMFIC_BODY -> Protocol.SMFIP_NOBODY;
            case Protocol.SMFIC_UNKNOWN -> Protocol.SMFIP_NOUNKNOWN;
            default -> 0;
        };
        return (p & flag) == 0;
    }

    /** Whether the milter replies to the event with this code. */
    public boolean expectsReply(byte code) {
        int p = negotiated.protocol();
        int flag = switch (code) {
            case Protocol.SMFIC_CONNECT -> Protocol.SMFIP_NR_CONN;
            case Protocol.SMFIC_HELO -> Protocol.SMFIP_NR_HELO;
            case Protocol.SMFIC_MAIL -> Protocol.SMFIP_NR_MAIL;
            case Protocol.SMFIC_RCPT -> Protocol.SMFIP_NR_RCPT;
            case Protocol.SMFIC_DATA -> Protocol.SMFIP_NR_DATA;
            case Protocol.SMFIC_HEADER -> Protocol.SMFIP_NR_HDR;
            case Protocol.SMFIC_EOH -> Protocol.SMFIP_NR_EOH;
            case Protocol.SMFIC_BODY -> Protocol.SMFIP_NR_BODY;
            case Protocol.SMFIC_UNKNOWN -> Protocol.SMFIP_NR_UNKN;
            case Protocol.SMFIC_MACRO, Protocol.SMFIC_ABORT, Protocol.SMFIC_QUIT, Protocol.SMFIC_QUIT_NC -> -1;
            default -> 0;
        };
        return flag != -1 && (p & flag) == 0;
    }

    /** Sends packets in one write, without reading. */
    public void send(Command... commands) throws IOException {
        for (Command c : commands) {
            MilterCodec.encode(c, out);
        }
        out.writeTo(channel);
    }

    /** Sends raw bytes (hostile-input tests). */
    public void sendRaw(byte[] bytes) throws IOException {
        var b = java.nio.ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /**
     * Sends an event the way Postfix does: its macros first (if any), nothing when the milter asked
     * not to get it, and reads the reply unless it was negotiated away.
     *
     * @return the milter's responses (modifications first, the final reply last); empty when no reply
     *     was due
     */
    public List<Response> event(Command.Macros macros, Command command) throws IOException {
        if (!wants(command.code())) {
            send(macros); // Postfix sends the macros of a skipped event anyway
            return List.of();
        }
        send(macros, command);
        return expectsReply(command.code()) ? readUntilFinal() : List.of();
    }

    /** Sends an event without macros; see {@link #event(Command.Macros, Command)}. */
    public List<Response> event(Command command) throws IOException {
        if (!wants(command.code())) {
            return List.of();
        }
        send(command);
        return expectsReply(command.code()) ? readUntilFinal() : List.of();
    }

    /** Reads one response. */
    public Response read() throws IOException {
        Frame f = reader.read();
        if (f == null) {
            throw new java.io.EOFException("the milter closed the connection");
        }
        return MilterCodec.decodeResponse(f);
    }

    /** Reads responses up to and including the first final one. */
    public List<Response> readUntilFinal() throws IOException {
        List<Response> all = new ArrayList<>();
        Response r;
        do {
            r = read();
            all.add(r);
        } while (!r.isFinal());
        return all;
    }

    /** True when the milter closed the connection (reads to end of stream). */
    public boolean isClosedByPeer() throws IOException {
        try {
            return reader.read() == null;
        } catch (MilterProtocolException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
