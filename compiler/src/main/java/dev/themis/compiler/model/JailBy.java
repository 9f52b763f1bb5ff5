package dev.themis.compiler.model;

import java.util.Optional;

/** Attribute {@code JailBy}: the object a policy counts. */
public enum JailBy implements Spelled {
    /** The SASL login; unauthenticated mail skips the policy. */
    SASL_USERNAME("SASLUsername"),
    /** The client IP address. */
    SENDER_IP("SenderIP"),
    /** The envelope sender address. */
    SENDER("Sender"),
    /** The SASL login when the client authenticated, else the envelope sender. */
    SENDER_PLUS("Sender+"),
    /** The envelope sender's domain. */
    SENDER_DOMAIN("SenderDomain"),
    /** The SASL login's domain when the client authenticated, else the envelope sender's domain. */
    SENDER_DOMAIN_PLUS("SenderDomain+");

    private final String spelling;

    JailBy(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    public static Optional<JailBy> parse(String text) {
        return Spelled.parse(JailBy.class, text);
    }
}
