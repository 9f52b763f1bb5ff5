package dev.themis.milter.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MilterCodecTest {

    static Stream<Command> commands() {
        return Stream.of(
                new Command.Negotiate(6, 0x1FF, 0x1FFFFF),
                Command.Macros.of(Protocol.SMFIC_CONNECT, Map.of("j", "mx1.example.test")),
                Command.Macros.of(Protocol.SMFIC_HELO, Map.of()),
                new Command.Connect("client.example", AddressFamily.INET, 41828, "192.0.2.7"),
                new Command.Connect("[2001:db8::1]", AddressFamily.INET6, 25, "2001:db8::1"),
                new Command.Connect("localhost", AddressFamily.UNIX, 0, "/var/run/x.sock"),
                new Command.Connect("unknown", AddressFamily.UNKNOWN, 0, null),
                new Command.Helo("client.example"),
                new Command.Mail(List.of("<alice@example.test>", "SIZE=300")),
                new Command.Rcpt(List.of("bob@example.test")),
                new Command.Data(),
                new Command.Header("Subject", "héllo wörld"),
                new Command.Header("X-Empty", ""),
                new Command.EndOfHeaders(),
                new Command.Body(ByteBuffer.wrap("line\r\n".getBytes(StandardCharsets.US_ASCII))),
                new Command.EndOfMessage(),
                new Command.Abort(),
                new Command.Quit(),
                new Command.QuitNewConnection(),
                new Command.Unknown("XFOO bar"));
    }

    static Stream<Response> responses() {
        return Stream.of(
                Response.Negotiate.of(6, 0x21, 0x1F, Map.of(0, "j {daemon_name}", 2, "i {auth_authen}")),
                Response.Negotiate.of(2, 0, 0, Map.of()),
                Response.CONTINUE,
                Response.ACCEPT,
                Response.REJECT,
                Response.TEMPFAIL,
                Response.DISCARD,
                Response.SKIP,
                Response.PROGRESS,
                new Response.ReplyCode("550 5.7.1 Limit reached"),
                new Response.Quarantine("held"),
                new Response.AddHeader("X-Themis", "limit=3"),
                new Response.InsertHeader(0, "X-Top", "v"),
                new Response.ChangeHeader(1, "Subject", ""));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void commandsSurviveARoundTrip(Command command) throws Exception {
        assertThat(decodeCommand(MilterCodec.toBytes(command))).isEqualTo(command);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void responsesSurviveARoundTrip(Response response) throws Exception {
        assertThat(decodeResponse(MilterCodec.toBytes(response))).isEqualTo(response);
    }

    @Test
    void replyCodeHasTheLibmilterWireForm() {
        byte[] bytes = MilterCodec.toBytes(new Response.ReplyCode("550 5.7.1 x"));
        // u32 length (code byte + text + NUL) = 13, 'y', text, NUL
        assertThat(bytes).containsExactly(0, 0, 0, 13, 'y', '5', '5', '0', ' ', '5', '.', '7', '.', '1', ' ', 'x', 0);
    }

    @Test
    void connectCarriesPortInNetworkOrder() {
        byte[] bytes = MilterCodec.toBytes(new Command.Connect("h", AddressFamily.INET, 0x1234, "1.2.3.4"));
        assertThat(bytes)
                .containsExactly(0, 0, 0, 14, 'C', 'h', 0, '4', 0x12, 0x34, '1', '.', '2', '.', '3', '.', '4', 0);
    }

    @Test
    void unknownCommandIsAProtocolError() {
        assertThatThrownBy(() -> MilterCodec.decodeCommand((byte) 'Z', ByteBuffer.allocate(0)))
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("unknown command 'Z'");
    }

    @Test
    void stringsMustBeNulTerminated() {
        assertThatThrownBy(() -> MilterCodec.decodeCommand(Protocol.SMFIC_HELO, ascii("no-nul")))
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("malformed 'H' packet: a string is not NUL-terminated");
    }

    @Test
    void truncatedConnectIsAProtocolError() {
        assertThatThrownBy(() -> MilterCodec.decodeCommand(Protocol.SMFIC_CONNECT, ascii("host\0" + "4")))
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("malformed 'C' packet: truncated: a 16-bit value is missing");
    }

    @Test
    void unknownFamilyIsAProtocolError() {
        assertThatThrownBy(() -> MilterCodec.decodeCommand(Protocol.SMFIC_CONNECT, ascii("host\0X")))
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("malformed 'C' packet: unknown address family 'X'");
    }

    @Test
    void macroWithoutValueIsAProtocolError() {
        assertThatThrownBy(() -> MilterCodec.decodeCommand(Protocol.SMFIC_MACRO, ascii("Cj\0")))
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("malformed 'D' packet: macro `j` has no value");
    }

    @Test
    void mailWithoutArgumentsIsAProtocolError() {
        assertThatThrownBy(() -> MilterCodec.decodeCommand(Protocol.SMFIC_MAIL, ascii("")))
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("malformed 'M' packet: a string is missing");
    }

    @Test
    void trailingBytesAreAProtocolError() {
        assertThatThrownBy(() -> MilterCodec.decodeCommand(Protocol.SMFIC_HEADER, ascii("a\0b\0c")))
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("malformed 'L' packet: 1 unexpected trailing byte(s)");
    }

    @Test
    void malformedUtf8DecodesWithReplacementCharacters() throws Exception {
        Command c =
                MilterCodec.decodeCommand(Protocol.SMFIC_HELO, ByteBuffer.wrap(new byte[] {'a', (byte) 0xC3, 'b', 0}));
        assertThat(c).isEqualTo(new Command.Helo("a\uFFFDb"));
    }

    @Test
    void stringsWithNulCannotBeEncoded() {
        assertThatThrownBy(() -> MilterCodec.toBytes(new Command.Helo("a\0b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Command decodeCommand(byte[] wire) throws Exception {
        FrameReader r = new FrameReader(
                Channels.newChannel(new java.io.ByteArrayInputStream(wire)), Protocol.DEFAULT_MAX_FRAME, () -> 0);
        Frame f = r.read();
        assertThat(f).isNotNull();
        assertThat(r.read()).isNull();
        return MilterCodec.decodeCommand(java.util.Objects.requireNonNull(f));
    }

    static Response decodeResponse(byte[] wire) throws Exception {
        FrameReader r = new FrameReader(
                Channels.newChannel(new java.io.ByteArrayInputStream(wire)), Protocol.DEFAULT_MAX_FRAME, () -> 0);
        Frame f = r.read();
        assertThat(f).isNotNull();
        return MilterCodec.decodeResponse(java.util.Objects.requireNonNull(f));
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
