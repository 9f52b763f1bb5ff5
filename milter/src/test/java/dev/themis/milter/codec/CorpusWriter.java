package dev.themis.milter.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpus of {@link CodecFuzzTest}: a Postfix-like session per direction and a few
 * hostile shapes. Run once from the IDE or with {@code java} when the protocol grows; the files are
 * committed.
 */
final class CorpusWriter {
    private CorpusWriter() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(
                args.length > 0
                        ? args[0]
                        : "milter/src/test/resources/dev/themis/milter/codec/CodecFuzzTestInputs/anyStreamDecodesOrFailsCleanly");
        Files.createDirectories(dir);
        ByteArrayOutputStream mta = new ByteArrayOutputStream();
        for (Command c : List.<Command>of(
                new Command.Negotiate(6, 0x1FF, 0x1FFFFF),
                Command.Macros.of(Protocol.SMFIC_CONNECT, Map.of("j", "mx1.example.test", "{daemon_name}", "mx1")),
                new Command.Connect("client.example", AddressFamily.INET, 41828, "192.0.2.7"),
                Command.Macros.of(Protocol.SMFIC_HELO, Map.of()),
                new Command.Helo("client.example"),
                Command.Macros.of(Protocol.SMFIC_MAIL, Map.of("{auth_authen}", "alice", "{mail_addr}", "a@x")),
                new Command.Mail(List.of("<a@x>", "SIZE=300")),
                new Command.Rcpt(List.of("<b@y>")),
                new Command.Data(),
                new Command.Header("Subject", "hi"),
                new Command.EndOfHeaders(),
                new Command.Body(ByteBuffer.wrap(new byte[] {'h', 'i', '\r', '\n'})),
                new Command.EndOfMessage(),
                new Command.Abort(),
                new Command.Connect("unknown", AddressFamily.UNKNOWN, 0, null),
                new Command.Connect("[::1]", AddressFamily.INET6, 25, "::1"),
                new Command.Unknown("XYZ"),
                new Command.QuitNewConnection(),
                new Command.Quit())) {
            mta.writeBytes(MilterCodec.toBytes(c));
        }
        Files.write(dir.resolve("postfix-session"), mta.toByteArray());
        ByteArrayOutputStream milter = new ByteArrayOutputStream();
        for (Response r : List.<Response>of(
                Response.Negotiate.of(6, 0x21, 0x1F0F0, Map.of(0, "j {daemon_name}", 2, "i {auth_authen}")),
                Response.CONTINUE,
                new Response.AddHeader("X-Themis", "v"),
                new Response.InsertHeader(0, "X-A", "b"),
                new Response.ChangeHeader(1, "Subject", ""),
                new Response.Quarantine("held"),
                new Response.ReplyCode("550 5.7.1 Limit reached"),
                Response.ACCEPT,
                Response.PROGRESS,
                Response.SKIP)) {
            milter.writeBytes(MilterCodec.toBytes(r));
        }
        Files.write(dir.resolve("milter-replies"), milter.toByteArray());
        Files.write(dir.resolve("huge-length"), new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'B'});
        Files.write(dir.resolve("truncated-connect"), new byte[] {0, 0, 0, 8, 'C', 'h', 0, '4', 0});
        Files.write(dir.resolve("unterminated-macro"), new byte[] {0, 0, 0, 4, 'D', 'C', 'j', 0});
        Files.write(dir.resolve("zero-length"), new byte[] {0, 0, 0, 0});
    }
}
