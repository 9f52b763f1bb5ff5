package dev.themis.milter.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    @Test
    void readsSeveralPipelinedFramesAndThenCleanEnd() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(MilterCodec.toBytes(new Command.Helo("a")));
        wire.writeBytes(MilterCodec.toBytes(new Command.Data()));
        wire.writeBytes(MilterCodec.toBytes(new Command.Abort()));
        FrameReader r = reader(new ByteArrayInputStream(wire.toByteArray()), Protocol.DEFAULT_MAX_FRAME);
        assertThat(MilterCodec.decodeCommand(java.util.Objects.requireNonNull(r.read())))
                .isEqualTo(new Command.Helo("a"));
        assertThat(MilterCodec.decodeCommand(java.util.Objects.requireNonNull(r.read())))
                .isEqualTo(new Command.Data());
        assertThat(MilterCodec.decodeCommand(java.util.Objects.requireNonNull(r.read())))
                .isEqualTo(new Command.Abort());
        assertThat(r.read()).isNull();
    }

    @Test
    void readsAFrameDeliveredOneByteAtATime() throws Exception {
        byte[] wire = MilterCodec.toBytes(new Command.Header("Subject", "x".repeat(40_000)));
        InputStream trickle = new ByteArrayInputStream(wire) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        FrameReader r = reader(trickle, Protocol.DEFAULT_MAX_FRAME);
        assertThat(MilterCodec.decodeCommand(java.util.Objects.requireNonNull(r.read())))
                .isEqualTo(new Command.Header("Subject", "x".repeat(40_000)));
    }

    @Test
    void aLengthOverTheBoundIsRefusedBeforeReadingTheData() {
        byte[] wire = {0x00, 0x01, 0x00, 0x01, 'B'};
        FrameReader r = reader(new ByteArrayInputStream(wire), 65_536);
        assertThatThrownBy(r::read)
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("packet length 65537 is outside 1..65536");
    }

    @Test
    void aNegativeLengthIsRefused() {
        byte[] wire = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'B'};
        FrameReader r = reader(new ByteArrayInputStream(wire), 65_536);
        assertThatThrownBy(r::read)
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("packet length 4294967295 is outside 1..65536");
    }

    @Test
    void aZeroLengthIsRefused() {
        FrameReader r = reader(new ByteArrayInputStream(new byte[] {0, 0, 0, 0}), 65_536);
        assertThatThrownBy(r::read).isInstanceOf(MilterProtocolException.class);
    }

    @Test
    void endOfStreamInsideAFrameIsAProtocolError() {
        byte[] wire = {0, 0, 0, 10, 'H', 'a'};
        FrameReader r = reader(new ByteArrayInputStream(wire), 65_536);
        assertThatThrownBy(r::read)
                .isInstanceOf(MilterProtocolException.class)
                .hasMessage("connection closed inside a packet (6 byte(s) of it received)");
    }

    private static FrameReader reader(InputStream in, int max) {
        return new FrameReader(Channels.newChannel(in), max, () -> 0);
    }
}
