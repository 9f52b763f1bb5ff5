package dev.themis.milter.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Encodes and decodes milter v6 packets for both sides. Decoding is strict where the protocol is
 * exact (strings must be NUL-terminated, argument lists complete) and never trusts a length: every
 * read is checked against the data actually present, so any byte sequence either decodes or raises
 * {@link MilterProtocolException}.
 *
 * <p>Strings are UTF-8 on the wire (Postfix passes SMTPUTF8 addresses and raw header bytes through);
 * malformed sequences decode to U+FFFD rather than failing the message.
 */
public final class MilterCodec {
    private MilterCodec() {}

    // ---------------------------------------------------------------- decoding

    /** Decodes a packet the MTA sent. */
    public static Command decodeCommand(Frame frame) throws MilterProtocolException {
        return decodeCommand(frame.code(), frame.data());
    }

    /** Decodes a packet the MTA sent. */
    public static Command decodeCommand(byte code, ByteBuffer data) throws MilterProtocolException {
        Reader r = new Reader(code, data);
        Command c = switch (code) {
            case Protocol.SMFIC_OPTNEG -> {
                var n = new Command.Negotiate(r.u32(), r.u32(), r.u32());
                r.skipRest(); // newer MTAs may append fields; they carry nothing we use
                yield n;
            }
            case Protocol.SMFIC_MACRO -> {
                byte forCommand = r.u8();
                var values = new LinkedHashMap<String, String>();
                while (r.hasRemaining()) {
                    String name = r.string();
                    if (!r.hasRemaining()) {
                        throw r.error("macro `" + name + "` has no value");
                    }
                    values.put(name, r.string());
                }
                yield new Command.Macros(forCommand, values);
            }
            case Protocol.SMFIC_CONNECT -> decodeConnect(r);
            case Protocol.SMFIC_HELO -> new Command.Helo(r.string());
            case Protocol.SMFIC_MAIL -> new Command.Mail(r.strings());
            case Protocol.SMFIC_RCPT -> new Command.Rcpt(r.strings());
            case Protocol.SMFIC_DATA -> {
                r.skipRest();
                yield new Command.Data();
            }
            case Protocol.SMFIC_HEADER -> new Command.Header(r.string(), r.string());
            case Protocol.SMFIC_EOH -> {
                r.skipRest();
                yield new Command.EndOfHeaders();
            }
            case Protocol.SMFIC_BODY -> new Command.Body(r.rest());
            case Protocol.SMFIC_BODYEOB -> new Command.EndOfMessage(r.rest());
            case Protocol.SMFIC_ABORT -> {
                r.skipRest();
                yield new Command.Abort();
            }
            case Protocol.SMFIC_QUIT -> {
                r.skipRest();
                yield new Command.Quit();
            }
            case Protocol.SMFIC_QUIT_NC -> {
                r.skipRest();
                yield new Command.QuitNewConnection();
            }
            case Protocol.SMFIC_UNKNOWN -> new Command.Unknown(r.string());
            default -> throw new MilterProtocolException("unknown command " + Protocol.describe(code));
        };
        r.expectEnd();
        return c;
    }

    private static Command decodeConnect(Reader r) throws MilterProtocolException {
        String hostname = r.string();
        int familyCode = r.u8();
        AddressFamily family = AddressFamily.of(familyCode);
        if (family == null) {
            throw r.error("unknown address family " + Protocol.describe((byte) familyCode));
        }
        if (family == AddressFamily.UNKNOWN) {
            r.skipRest(); // libmilter ignores anything after 'U'
            return new Command.Connect(hostname, family, 0, null);
        }
        int port = r.u16();
        String address = r.string();
        return new Command.Connect(hostname, family, port, address);
    }

    /** Decodes a packet the milter sent. */
    public static Response decodeResponse(Frame frame) throws MilterProtocolException {
        return decodeResponse(frame.code(), frame.data());
    }

    /** Decodes a packet the milter sent. */
    public static Response decodeResponse(byte code, ByteBuffer data) throws MilterProtocolException {
        Reader r = new Reader(code, data);
        Response resp = switch (code) {
            case Protocol.SMFIC_OPTNEG -> {
                int version = r.u32();
                int actions = r.u32();
                int protocol = r.u32();
                var macros = new TreeMap<Integer, String>();
                while (r.hasRemaining()) {
                    int stage = r.u32();
                    if (macros.put(stage, r.string()) != null) {
                        throw r.error("macro stage " + stage + " given twice");
                    }
                }
                yield new Response.Negotiate(version, actions, protocol, macros);
            }
            case Protocol.SMFIR_CONTINUE -> simple(r, Response.CONTINUE);
            case Protocol.SMFIR_ACCEPT -> simple(r, Response.ACCEPT);
            case Protocol.SMFIR_REJECT -> simple(r, Response.REJECT);
            case Protocol.SMFIR_TEMPFAIL -> simple(r, Response.TEMPFAIL);
            case Protocol.SMFIR_DISCARD -> simple(r, Response.DISCARD);
            case Protocol.SMFIR_SKIP -> simple(r, Response.SKIP);
            case Protocol.SMFIR_PROGRESS -> simple(r, Response.PROGRESS);
            case Protocol.SMFIR_REPLYCODE -> new Response.ReplyCode(r.string());
            case Protocol.SMFIR_QUARANTINE -> new Response.Quarantine(r.string());
            case Protocol.SMFIR_ADDHEADER -> new Response.AddHeader(r.string(), r.string());
            case Protocol.SMFIR_INSHEADER -> new Response.InsertHeader(r.u32(), r.string(), r.string());
            case Protocol.SMFIR_CHGHEADER -> new Response.ChangeHeader(r.u32(), r.string(), r.string());
            default -> throw new MilterProtocolException("unknown response " + Protocol.describe(code));
        };
        r.expectEnd();
        return resp;
    }

    private static Response simple(Reader r, Response value) {
        r.skipRest();
        return value;
    }

    // ---------------------------------------------------------------- encoding

    /** Appends one command packet. */
    public static void encode(Command command, PacketBuffer out) {
        out.begin(command.code());
        switch (command) {
            case Command.Negotiate n ->
                out.putInt(n.version()).putInt(n.actions()).putInt(n.protocol());
            case Command.Macros m -> {
                out.putByte(m.forCommand());
                m.values().forEach((k, v) -> out.putString(k).putString(v));
            }
            case Command.Connect c -> {
                out.putString(c.hostname()).putByte(c.family().code());
                String address = c.address();
                if (c.family() != AddressFamily.UNKNOWN && address != null) {
                    out.putShort(c.port()).putString(address);
                }
            }
            case Command.Helo h -> out.putString(h.name());
            case Command.Mail m -> m.args().forEach(out::putString);
            case Command.Rcpt rc -> rc.args().forEach(out::putString);
            case Command.Header h -> out.putString(h.name()).putString(h.value());
            case Command.Body b -> out.putBytes(b.chunk());
            case Command.EndOfMessage e -> out.putBytes(e.chunk());
            case Command.Unknown u -> out.putString(u.line());
            case Command.Data d -> {}
            case Command.EndOfHeaders e -> {}
            case Command.Abort a -> {}
            case Command.Quit q -> {}
            case Command.QuitNewConnection q -> {}
        }
        out.end();
    }

    /** Appends one response packet. */
    public static void encode(Response response, PacketBuffer out) {
        out.begin(response.code());
        switch (response) {
            case Response.Negotiate n -> {
                out.putInt(n.version()).putInt(n.actions()).putInt(n.protocol());
                n.macros().forEach((stage, names) -> out.putInt(stage).putString(names));
            }
            case Response.ReplyCode y -> out.putString(y.text());
            case Response.Quarantine q -> out.putString(q.reason());
            case Response.AddHeader h -> out.putString(h.name()).putString(h.value());
            case Response.InsertHeader h ->
                out.putInt(h.index()).putString(h.name()).putString(h.value());
            case Response.ChangeHeader h ->
                out.putInt(h.index()).putString(h.name()).putString(h.value());
            case Response.Continue c -> {}
            case Response.Accept a -> {}
            case Response.Reject rj -> {}
            case Response.Tempfail t -> {}
            case Response.Discard d -> {}
            case Response.Skip s -> {}
            case Response.Progress p -> {}
        }
        out.end();
    }

    /** One command as wire bytes (length prefix included). */
    public static byte[] toBytes(Command command) {
        PacketBuffer out = new PacketBuffer();
        encode(command, out);
        return out.toByteArray();
    }

    /** One response as wire bytes (length prefix included). */
    public static byte[] toBytes(Response response) {
        PacketBuffer out = new PacketBuffer();
        encode(response, out);
        return out.toByteArray();
    }

    /** Bounds-checked cursor over one packet's data. */
    private static final class Reader {
        private final byte code;
        private final ByteBuffer data;

        Reader(byte code, ByteBuffer data) {
            this.code = code;
            this.data = data.duplicate();
        }

        boolean hasRemaining() {
            return data.hasRemaining();
        }

        byte u8() throws MilterProtocolException {
            need(1, "a byte");
            return data.get();
        }

        int u16() throws MilterProtocolException {
            need(2, "a 16-bit value");
            return data.getShort() & 0xFFFF;
        }

        int u32() throws MilterProtocolException {
            need(4, "a 32-bit value");
            return data.getInt();
        }

        String string() throws MilterProtocolException {
            int start = data.position();
            int limit = data.limit();
            for (int i = start; i < limit; i++) {
                if (data.get(i) == 0) {
                    String s = decode(start, i - start);
                    data.position(i + 1);
                    return s;
                }
            }
            throw error(limit == start ? "a string is missing" : "a string is not NUL-terminated");
        }

        List<String> strings() throws MilterProtocolException {
            List<String> out = new ArrayList<>();
            do {
                out.add(string());
            } while (data.hasRemaining());
            return out;
        }

        ByteBuffer rest() {
            ByteBuffer slice = data.slice();
            data.position(data.limit());
            return slice;
        }

        void skipRest() {
            data.position(data.limit());
        }

        void expectEnd() throws MilterProtocolException {
            if (data.hasRemaining()) {
                throw error(data.remaining() + " unexpected trailing byte(s)");
            }
        }

        private String decode(int start, int length) {
            if (data.hasArray()) {
                return new String(data.array(), data.arrayOffset() + start, length, UTF_8);
            }
            byte[] b = new byte[length];
            data.get(start, b);
            return new String(b, UTF_8);
        }

        private void need(int n, String what) throws MilterProtocolException {
            if (data.remaining() < n) {
                throw error("truncated: " + what + " is missing");
            }
        }

        MilterProtocolException error(String message) {
            return new MilterProtocolException("malformed " + Protocol.describe(code) + " packet: " + message);
        }
    }
}
