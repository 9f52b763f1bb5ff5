package dev.themis.milter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;

/**
 * Fuzzes the codec with arbitrary byte streams. In a normal {@code mvn test} this replays the saved
 * corpus in {@code src/test/resources/dev/themis/milter/codec/CodecFuzzTestInputs/}; to fuzz for real:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl milter -am test -Dtest=CodecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djazzer.hooks=true
 * </pre>
 *
 * (runs 60 s; findings land in {@code src/test/resources/.../CodecFuzzTestInputs}, commit them as regression
 * inputs). Property: any input either decodes or raises {@link MilterProtocolException} (never another
 * exception, never an allocation beyond the frame bound), and whatever decodes survives
 * encode-then-decode unchanged.
 */
class CodecFuzzTest {
    private static final int MAX_FRAME = 4096;

    @FuzzTest(maxDuration = "60s")
    void anyStreamDecodesOrFailsCleanly(byte[] input) throws IOException {
        FrameReader reader = new FrameReader(Channels.newChannel(new ByteArrayInputStream(input)), MAX_FRAME, () -> 0);
        try {
            Frame frame;
            while ((frame = reader.read()) != null) {
                assertThat(frame.data().remaining()).isLessThan(MAX_FRAME);
                checkCommand(frame);
                checkResponse(frame);
            }
        } catch (MilterProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static void checkCommand(Frame frame) {
        Command command;
        try {
            command = MilterCodec.decodeCommand(frame);
        } catch (MilterProtocolException expected) {
            return;
        }
        assertThat(roundTrip(command)).isEqualTo(command);
    }

    private static void checkResponse(Frame frame) {
        Response response;
        try {
            response = MilterCodec.decodeResponse(frame);
        } catch (MilterProtocolException expected) {
            return;
        }
        assertThat(roundTripResponse(response)).isEqualTo(response);
    }

    private static Command roundTrip(Command c) {
        try {
            return MilterCodecTest.decodeCommand(MilterCodec.toBytes(c));
        } catch (Exception e) {
            throw new AssertionError("re-decoding " + c + " failed", e);
        }
    }

    private static Response roundTripResponse(Response r) {
        try {
            return MilterCodecTest.decodeResponse(MilterCodec.toBytes(r));
        } catch (Exception e) {
            throw new AssertionError("re-decoding " + r + " failed", e);
        }
    }
}
