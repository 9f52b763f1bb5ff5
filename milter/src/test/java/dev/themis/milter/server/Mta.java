package dev.themis.milter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.milter.codec.AddressFamily;
import dev.themis.milter.codec.Command;
import dev.themis.milter.codec.Protocol;
import dev.themis.milter.codec.Response;
import dev.themis.milter.mta.MilterClient;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Plays Postfix's part in tests: the event sequences smtpd and cleanup send. */
public final class Mta implements AutoCloseable {
    public final MilterClient client;
    public String queueId = "4721220E748";

    public Mta(ListenAddress address) throws IOException {
        client = MilterClient.connect(address);
        client.negotiate();
    }

    public static Command.Macros macros(byte code, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Command.Macros(code, new LinkedHashMap<>(m));
    }

    /** smtpd: CONNECT with j/{daemon_name}, then HELO. */
    public Mta smtpConnect(String ip, String helo) throws IOException {
        AddressFamily family = ip.contains(":") ? AddressFamily.INET6 : AddressFamily.INET;
        assertThat(client.event(
                        macros(Protocol.SMFIC_CONNECT, "j", "mx1.example.test", "{daemon_name}", "mx1.example.test"),
                        new Command.Connect("client.example", family, 41_828, ip)))
                .isEmpty();
        assertThat(client.event(macros(Protocol.SMFIC_HELO), new Command.Helo(helo)))
                .isEmpty();
        return this;
    }

    /** An SMTP envelope: MAIL (no i), RCPTs (i from the second on), then DATA; returns DATA's answer. */
    public List<Response> smtpEnvelope(String mail, @Nullable String login, String... rcpts) throws IOException {
        Command.Macros mailMacros = login == null
                ? macros(Protocol.SMFIC_MAIL, "{mail_addr}", strip(mail))
                : macros(Protocol.SMFIC_MAIL, "{auth_authen}", login, "{mail_addr}", strip(mail));
        assertThat(client.event(mailMacros, new Command.Mail(List.of(mail, "SIZE=300"))))
                .isEmpty();
        for (int i = 0; i < rcpts.length; i++) {
            Command.Macros m = i == 0
                    ? macros(Protocol.SMFIC_RCPT, "{rcpt_addr}", strip(rcpts[i]))
                    : macros(Protocol.SMFIC_RCPT, "i", "4721220E748", "{rcpt_addr}", strip(rcpts[i]));
            assertThat(client.event(m, new Command.Rcpt(List.of(rcpts[i])))).isEmpty();
        }
        return client.event(macros(Protocol.SMFIC_DATA, "i", "4721220E748"), new Command.Data());
    }

    /** Headers, end of headers, body, end of message: what cleanup sends after DATA. */
    public List<Response> content(String... headerKv) throws IOException {
        for (int i = 0; i < headerKv.length; i += 2) {
            assertThat(client.event(
                            macros(Protocol.SMFIC_HEADER, "i", queueId),
                            new Command.Header(headerKv[i], headerKv[i + 1])))
                    .isEmpty();
        }
        assertThat(client.event(macros(Protocol.SMFIC_EOH, "i", queueId), new Command.EndOfHeaders()))
                .isEmpty();
        assertThat(client.event(
                        macros(Protocol.SMFIC_BODY, "i", queueId),
                        new Command.Body(java.nio.ByteBuffer.wrap(
                                "hello\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))))
                .isEmpty();
        return client.event(macros(Protocol.SMFIC_BODYEOB, "i", queueId), new Command.EndOfMessage());
    }

    public void abort() throws IOException {
        client.send(new Command.Abort());
    }

    public void quit() throws IOException {
        client.send(new Command.Quit());
    }

    private static String strip(String a) {
        return Addresses.normalize(a);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
