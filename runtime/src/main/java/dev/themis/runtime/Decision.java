package dev.themis.runtime;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer for one message.
 *
 * @param verdict what happens to the message
 * @param reply the SMTP reply for REJECT and TEMPFAIL; null otherwise (and for failure-mode accepts)
 * @param addHeaders headers to add at end of message (ActionHeaders, Received-SPF)
 * @param policy the policy that decided, or null when no policy decided (default accept)
 * @param object the counted object (login, address, domain or IP) of the deciding policy, or null
 * @param detail short human text for the decision log line: counts, limits, bypass reason, fault
 * @param configVersion the configuration version of the snapshot the decision used
 */
public record Decision(
        Verdict verdict,
        @Nullable SmtpReply reply,
        List<Header> addHeaders,
        @Nullable String policy,
        @Nullable String object,
        String detail,
        long configVersion) {
    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        addHeaders = List.copyOf(addHeaders);
        if ((verdict == Verdict.REJECT || verdict == Verdict.TEMPFAIL) && reply == null) {
            throw new IllegalArgumentException(verdict + " needs a reply");
        }
    }
}
