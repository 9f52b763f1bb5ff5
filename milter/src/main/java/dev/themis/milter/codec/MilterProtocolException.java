package dev.themis.milter.codec;

import java.io.IOException;

/**
 * The peer broke the protocol: a bad length, an unknown code, a malformed or truncated packet, or
 * a packet that makes no sense in the current state. The connection it arrived on must be closed;
 * nothing else is affected.
 */
public final class MilterProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public MilterProtocolException(String message) {
        super(message);
    }
}
