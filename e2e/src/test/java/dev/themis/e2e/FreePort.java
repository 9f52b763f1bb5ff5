package dev.themis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Loopback ports for the processes a test starts. */
public final class FreePort {
    private FreePort() {}

    /** A port on 127.0.0.1 that nobody listens on right now. */
    public static int pick() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until 127.0.0.1:{@code port} accepts connections. {@code whyNot} is asked between
     * attempts (empty: keep waiting) so a process that died at start-up fails the wait at once with its
     * own story.
     */
    public static void awaitListening(int port, Duration deadline, Supplier<String> whyNot) {
        Instant end = Instant.now().plus(deadline);
        while (Instant.now().isBefore(end)) {
            if (answers(port)) {
                return;
            }
            String problem = whyNot.get();
            if (!problem.isEmpty()) {
                throw new IllegalStateException(problem);
            }
            Pause.millis(100);
        }
        throw new IllegalStateException(
                "nothing listens on 127.0.0.1:" + port + " after " + deadline + ". " + whyNot.get());
    }
}
