package dev.themis.compiler.model;

import java.util.Optional;

/** Attribute {@code JailAction}: what happens when a limit is reached. */
public enum JailAction implements Spelled {
    /** Reject with 550 5.7.1 and the policy's ReplyData. */
    BLOCK("block"),
    /** Ours, not in the original: temporary failure 451 4.7.1 with ReplyData; the client retries later. */
    DEFER("defer"),
    /** Accept into Postfix's hold queue (milter quarantine). */
    HOLD("hold"),
    /** Accept and log. */
    MONITOR("monitor");

    private final String spelling;

    JailAction(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    public static Optional<JailAction> parse(String text) {
        return Spelled.parse(JailAction.class, text);
    }
}
