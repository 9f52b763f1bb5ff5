package dev.themis.runtime;

/** What happens to the message. */
public enum Verdict {
    /** Deliver (possibly with added headers). */
    ACCEPT,
    /** Permanent refusal: 5xx. */
    REJECT,
    /** Temporary refusal: 4xx, the client retries later. */
    TEMPFAIL,
    /** Accept into Postfix's hold queue (milter quarantine); only possible at end of message. */
    HOLD
}
