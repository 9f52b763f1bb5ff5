package dev.themis.runtime.eval;

import dev.themis.compiler.decision.MessageKeys;
import dev.themis.compiler.model.JailBy;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The object a policy counts (spec section 4, JailBy), always lowercase so that addresses compare
 * case-insensitively. Every message gets a well-defined object:
 *
 * <ul>
 *   <li>the null sender {@code <>} is the object {@code <>} for Sender and SenderDomain;
 *   <li>a sender without a domain (no {@code @}, or nothing after it) is itself for Sender and
 *       {@code <nodomain>} for SenderDomain;
 *   <li>a client without an IP address (unix socket, unknown) is {@code <unknown>} for SenderIP;
 *       IPv6 addresses are written in RFC 5952 form;
 *   <li>a SASL login without {@code @} is its own domain for SenderDomain+ (the account is the
 *       only identity there is);
 *   <li>SASLUsername without a login gives no object: the policy is skipped.
 * </ul>
 */
public final class JailObjects {
    public static final String NULL_SENDER = "<>";
    public static final String NO_DOMAIN = "<nodomain>";
    public static final String UNKNOWN_CLIENT = "<unknown>";

    private JailObjects() {}

    /** The object of {@code jailBy} for a message, or null when there is none (skip the policy). */
    public static @Nullable String of(
            JailBy jailBy, MessageKeys keys, @Nullable InetAddress client, @Nullable String saslLogin) {
        String login = saslLogin == null || saslLogin.isBlank()
                ? null
                : saslLogin.strip().toLowerCase(Locale.ROOT);
        return switch (jailBy) {
            case SASL_USERNAME -> login;
            case SENDER_IP -> ip(client);
            case SENDER -> sender(keys);
            case SENDER_PLUS -> login != null ? login : sender(keys);
            case SENDER_DOMAIN -> domain(keys);
            case SENDER_DOMAIN_PLUS -> login != null ? loginDomain(login) : domain(keys);
        };
    }

    static String sender(MessageKeys keys) {
        return keys.sender().isEmpty() ? NULL_SENDER : keys.sender();
    }

    static String domain(MessageKeys keys) {
        if (keys.sender().isEmpty()) {
            return NULL_SENDER;
        }
        String d = keys.senderDomain();
        return d.isEmpty() ? NO_DOMAIN : d;
    }

    static String loginDomain(String login) {
        int at = login.lastIndexOf('@');
        return at < 0 || at == login.length() - 1 ? login : login.substring(at + 1);
    }

    /** The address in its usual text form: dotted quad, or RFC 5952 compressed IPv6. */
    public static String ip(@Nullable InetAddress client) {
        if (client == null) {
            return UNKNOWN_CLIENT;
        }
        if (!(client instanceof Inet6Address)) {
            return client.getHostAddress();
        }
        byte[] b = client.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
