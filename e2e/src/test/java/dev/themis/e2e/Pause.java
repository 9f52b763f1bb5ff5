package dev.themis.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling waits: the suite waits for what a user would see, never for a fixed time. */
public final class Pause {
    private Pause() {}

    public static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Polls {@code probe} until it returns a value or {@code deadline} passes. */
    public static <T> Optional<T> until(Duration deadline, Supplier<Optional<T>> probe) {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent() || Instant.now().isAfter(end)) {
                return v;
            }
            millis(100);
        }
    }
}
