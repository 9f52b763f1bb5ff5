package dev.themis.milter.codec;

import java.nio.ByteBuffer;

/** One packet as read off the wire: the code byte and its data (read-only, positioned at 0). */
public record Frame(byte code, ByteBuffer data) {
    public Frame {
        data = data.asReadOnlyBuffer();
    }
}
