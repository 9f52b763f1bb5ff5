package dev.themis.runtime;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the milter learned about one message, as input to a decision. Addresses are normalised by
 * the milter: no angle brackets, original case kept (the runtime compares case-insensitively).
 *
 * @param queueId Postfix queue id (macro {@code i}); null when not known yet
 * @param mtaHost the MTA's host name (macro {@code j}, else {@code {daemon_name}}); null if neither
 * @param clientAddress the SMTP client's address; null for unix-socket or unknown clients
 * @param helo the HELO/EHLO name; null when none was given
 * @param sender envelope sender; empty string for the null sender {@code <>}
 * @param recipients envelope recipients in RCPT order (at least one once the envelope is complete)
 * @param saslLogin {@code {auth_authen}}; null when the client did not authenticate
 * @param headers headers in order; empty when the decision is taken before the headers
 * @param local true for mail from {@code non_smtpd_milters} (sendmail, qmqpd, postsuper -r)
 */
public record MessageFacts(
        @Nullable String queueId,
        @Nullable String mtaHost,
        @Nullable InetAddress clientAddress,
        @Nullable String helo,
        String sender,
        List<String> recipients,
        @Nullable String saslLogin,
        List<Header> headers,
        boolean local) {
    public MessageFacts {
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        headers = List.copyOf(headers);
    }
}
