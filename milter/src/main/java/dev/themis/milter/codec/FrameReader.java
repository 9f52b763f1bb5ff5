package dev.themis.milter.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads length-prefixed packets from a blocking channel. It reads as much as the peer has sent (an
 * MTA pipelines events it expects no reply for), so one system call often yields several frames.
 * A length field below 1 or above the bound is refused before anything is allocated for it.
 *
 * <p>For the idle watchdog it exposes when bytes last arrived and whether a frame is half read.
 */
public final class FrameReader {
    private final ReadableByteChannel channel;
    private final int maxFrame;
    private final LongSupplier ticker;
    private ByteBuffer buffer;
    private volatile long lastReadNanos;
    private volatile boolean partial;

    /**
     * @param maxFrame the largest acceptable value of the length field (code byte plus data)
     * @param ticker a nanosecond ticker for {@link #lastReadNanos()}
     */
    public FrameReader(ReadableByteChannel channel, int maxFrame, LongSupplier ticker) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("maxFrame must be positive");
        }
        this.channel = channel;
        this.maxFrame = maxFrame;
        this.ticker = ticker;
        this.buffer = ByteBuffer.allocate(Math.min(16 * 1024, maxFrame + Protocol.LENGTH_BYTES));
        this.buffer.flip();
        this.lastReadNanos = ticker.getAsLong();
    }

    /**
     * The next frame, or null when the peer closed the connection cleanly between frames.
     *
     * @throws MilterProtocolException on a bad length or when the connection ends inside a frame
     */
    public @Nullable Frame read() throws IOException {
        while (true) {
            Frame f = frameInBuffer();
            if (f != null) {
                partial = buffer.hasRemaining();
                return f;
            }
            partial = buffer.hasRemaining();
            if (!fill()) {
                if (buffer.hasRemaining()) {
                    throw new MilterProtocolException(
                            "connection closed inside a packet (" + buffer.remaining() + " byte(s) of it received)");
                }
                return null;
            }
        }
    }

    /** Whether part of a frame has been received and the rest is still awaited. */
    public boolean isPartial() {
        return partial;
    }

    /** The ticker value when bytes last arrived (or when the reader was created). */
    public long lastReadNanos() {
        return lastReadNanos;
    }

    /** Whether more complete or partial input is already buffered (the peer pipelined). */
    public boolean hasBuffered() {
        return buffer.hasRemaining();
    }

    private @Nullable Frame frameInBuffer() throws MilterProtocolException {
        if (buffer.remaining() < Protocol.LENGTH_BYTES) {
            return null;
        }
        int length = buffer.getInt(buffer.position());
        if (length < 1 || length > maxFrame) {
            throw new MilterProtocolException(
                    "packet length " + Integer.toUnsignedString(length) + " is outside 1.." + maxFrame);
        }
        if (buffer.remaining() < Protocol.LENGTH_BYTES + length) {
            ensureCapacity(Protocol.LENGTH_BYTES + length);
            return null;
        }
        int start = buffer.position() + Protocol.LENGTH_BYTES;
        byte code = buffer.get(start);
        byte[] data = new byte[length - 1];
        buffer.get(start + 1, data);
        buffer.position(start + length);
        return new Frame(code, ByteBuffer.wrap(data));
    }

    private void ensureCapacity(int frameBytes) {
        if (buffer.capacity() < frameBytes) {
            ByteBuffer bigger =
                    ByteBuffer.allocate(Math.max(frameBytes, Math.min(buffer.capacity() * 2, maxFrame + 4)));
            bigger.put(buffer);
            bigger.flip();
            buffer = bigger;
        }
    }

    /** Reads more bytes; false at end of stream. */
    private boolean fill() throws IOException {
        buffer.compact();
        try {
            int n = channel.read(buffer);
            if (n < 0) {
                return false;
            }
            if (n > 0) {
                lastReadNanos = ticker.getAsLong();
            }
            return true;
        } finally {
            buffer.flip();
        }
    }
}
