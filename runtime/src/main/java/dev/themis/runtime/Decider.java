package dev.themis.runtime;

/**
 * The contract between the milter and the runtime. Implementations are thread-safe; each call
 * reads the current compiled snapshot once and never fails: internal faults (Redis down, bad data)
 * turn into the configured failure decision (accept or tempfail), never an exception.
 */
public interface Decider {

    /**
     * Whether the current snapshot needs the message headers (ActionHeaders, OnlyHeaders) or can be
     * decided from the envelope alone (at DATA, after the last RCPT). HOLD is still delivered at end
     * of message by the milter.
     */
    boolean needsHeaders();

    /** Decides one message and records it in the counters when it is admitted. */
    Decision decide(MessageFacts message);
}
