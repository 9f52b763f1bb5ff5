package dev.themis.e2e;

/** What Postfix's maillog says happened to one queued message. */
public enum MaillogOutcome {
    /** {@code status=sent}: handed to the next hop. */
    SENT,
    /** {@code milter-hold}: in the hold queue. */
    HELD,
    /** {@code milter-reject} or {@code status=bounced}. */
    REJECTED,
    /** {@code status=deferred} or a milter tempfail for queued mail. */
    DEFERRED
}
