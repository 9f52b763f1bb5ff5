package dev.themis.compiler.decision;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What policy selection needs to know about one message. Addresses are lowercased here.
 *
 * @param sender envelope sender address ({@code user@domain}); empty for the null sender
 * @param clientIp the SMTP client's address; null when unknown
 * @param recipients envelope recipient addresses; may be empty before RCPT
 * @param pool the pool of the MTA that passed the message ({@code PolicySet.poolOfServer}); null
 *     when the MTA is in no pool
 */
public record MessageKeys(
        String sender,
        @Nullable InetAddress clientIp,
        List<String> recipients,
        @Nullable String pool) {
    public MessageKeys {
        sender = stripBrackets(Objects.requireNonNull(sender, "sender")).toLowerCase(Locale.ROOT);
        recipients = recipients.stream()
                .map(r -> stripBrackets(r).toLowerCase(Locale.ROOT))
                .toList();
    }

    private static String stripBrackets(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1) : t;
    }

    /** The sender's domain (lowercase, without {@code @}); empty when the sender has none. */
    public String senderDomain() {
        int at = sender.lastIndexOf('@');
        return at < 0 ? "" : sender.substring(at + 1);
    }
}
