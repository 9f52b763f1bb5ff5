package dev.themis.runtime.spf;

import dev.themis.runtime.Header;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one SPF check found.
 *
 * @param result the RFC 7208 result
 * @param identity which identity was checked: {@code mailfrom} (the envelope sender) or {@code helo}
 *     (the null sender {@code <>} uses the HELO name, RFC 7208 section 2.4); {@code none} when the
 *     check did not apply
 * @param domain the domain whose policy was evaluated (empty when there was none)
 * @param explanation short human text for logs and the header comment
 * @param receivedSpf the {@code Received-SPF} header to add (RFC 7208 section 9.1), or null when the
 *     check did not apply (no client IP address: local submission or unix socket)
 */
public record SpfOutcome(
        SpfResult result,
        String identity,
        String domain,
        String explanation,
        @Nullable Header receivedSpf) {

    public SpfOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** False when SPF does not apply to the message (no client IP): never a failure, no header. */
    public boolean applicable() {
        return receivedSpf != null;
    }

    /** The headers to add for this outcome: the {@code Received-SPF} header, or none. */
    public List<Header> headers() {
        return receivedSpf == null ? List.of() : List.of(receivedSpf);
    }
}
