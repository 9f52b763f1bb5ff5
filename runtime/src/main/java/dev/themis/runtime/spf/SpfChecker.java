package dev.themis.runtime.spf;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * Checks SPF for one message. Implementations are thread-safe and never throw: every internal
 * problem (DNS timeout, unreachable resolver, bug) becomes {@link SpfResult#TEMPERROR}.
 *
 * <p>How the engine uses it for a policy with {@code SPF TRUE} (spec section 5, issue 6):
 *
 * <pre>{@code
 * SpfOutcome spf = checker.check(facts.clientAddress(), facts.sender(), facts.helo(), facts.mtaHost());
 * addHeaders.addAll(spf.headers());                     // Received-SPF (none when not applicable)
 * if (SpfChecker.isTemporaryError(spf)) -> apply onFailure (ACCEPT or TEMPFAIL 451 4.7.1)
 * else if (SpfChecker.isFailure(spf, features.spfStrictReject())) -> apply the JailAction
 * }</pre>
 *
 * <p>The result depends only on the message, not on the policy: check once per message and reuse
 * the outcome (and add the one header) for every SPF policy the message meets.
 */
public interface SpfChecker {

    /**
     * Checks the client address against the SPF policy of the envelope sender's domain, or of the
     * HELO name when the sender is the null sender.
     *
     * @param client the SMTP client's address; null (local submission, unix socket) means SPF does
     *     not apply and the outcome is not {@linkplain SpfOutcome#applicable() applicable}
     * @param sender the envelope sender without angle brackets; empty for the null sender
     * @param helo the HELO/EHLO name, or null when the client gave none
     */
    default SpfOutcome check(@Nullable InetAddress client, String sender, @Nullable String helo) {
        return check(client, sender, helo, null);
    }

    /**
     * As {@link #check(InetAddress, String, String)}, naming the receiving MTA in the header's
     * {@code receiver=} key (pass {@code MessageFacts.mtaHost()}); null uses {@link
     * SpfSettings#receiver()}.
     */
    SpfOutcome check(@Nullable InetAddress client, String sender, @Nullable String helo, @Nullable String receiver);

    /**
     * Whether the outcome triggers the policy's JailAction: {@code fail}; with {@code strict}
     * (feature {@code spfStrictRejectFeature}) also {@code softfail}, {@code neutral} and {@code
     * none}. Errors are never failures: {@code temperror} follows the failure rule (see {@link
     * #isTemporaryError}), {@code permerror} (a broken record at the sender's domain) is accepted.
     */
    static boolean isFailure(SpfOutcome outcome, boolean strict) {
        if (!outcome.applicable()) {
            return false;
        }
        return switch (outcome.result()) {
            case FAIL -> true;
            case SOFTFAIL, NEUTRAL, NONE -> strict;
            case PASS, TEMPERROR, PERMERROR -> false;
        };
    }

    /** Whether the engine must apply the failure rule (accept or tempfail as configured). */
    static boolean isTemporaryError(SpfOutcome outcome) {
        return outcome.applicable() && outcome.result() == SpfResult.TEMPERROR;
    }

    /** Creates the production checker: jSPF over dnsjava with the given resolver settings. */
    static SpfChecker create(SpfSettings settings) {
        return JspfChecker.create(settings);
    }
}
