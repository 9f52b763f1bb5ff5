package dev.themis.milter.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * Collects one or more encoded packets so they leave in a single write (all end-of-message
 * modifications and the final reply together). Not thread-safe; one per connection.
 */
public final class PacketBuffer {
    private byte[] bytes = new byte[256];
    private int size;
    private int frameStart = -1;

    /** Starts a packet with the given code; the length is filled in by {@link #end()}. */
    PacketBuffer begin(byte code) {
        if (frameStart >= 0) {
            throw new IllegalStateException("packet already open");
        }
        frameStart = size;
        putInt(0);
        putByte(code);
        return this;
    }

    /** Closes the open packet by writing its length. */
    PacketBuffer end() {
        if (frameStart < 0) {
            throw new IllegalStateException("no open packet");
        }
        int length = size - frameStart - Protocol.LENGTH_BYTES;
        bytes[frameStart] = (byte) (length >>> 24);
        bytes[frameStart + 1] = (byte) (length >>> 16);
        bytes[frameStart + 2] = (byte) (length >>> 8);
        bytes[frameStart + 3] = (byte) length;
        frameStart = -1;
        return this;
    }

    PacketBuffer putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    PacketBuffer putShort(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    PacketBuffer putInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    /** A NUL-terminated UTF-8 string; a NUL inside would end it early, so it is refused. */
    PacketBuffer putString(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string contains NUL: " + s.replace('\0', '?'));
        }
        byte[] b = s.getBytes(UTF_8);
        ensure(b.length + 1);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        bytes[size++] = 0;
        return this;
    }

    PacketBuffer putBytes(ByteBuffer b) {
        ByteBuffer src = b.duplicate();
        int n = src.remaining();
        ensure(n);
        src.get(bytes, size, n);
        size += n;
        return this;
    }

    /** Number of bytes collected. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The collected bytes (a copy). */
    public byte[] toByteArray() {
        if (frameStart >= 0) {
            throw new IllegalStateException("packet still open");
        }
        return Arrays.copyOf(bytes, size);
    }

    /** Writes everything collected to the channel and clears the buffer. */
    public void writeTo(WritableByteChannel channel) throws IOException {
        if (frameStart >= 0) {
            throw new IllegalStateException("packet still open");
        }
        ByteBuffer out = ByteBuffer.wrap(bytes, 0, size);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        clear();
    }

    public void clear() {
        size = 0;
        frameStart = -1;
        if (bytes.length > 64 * 1024) {
            bytes = new byte[256];
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
