package dev.themis.runtime;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Observes the runtime for logs and metrics (themisd's Prometheus endpoint). Must not block. */
public interface RuntimeListener {
    RuntimeListener NONE = new RuntimeListener() {};

    /** A decision was taken in {@code latency}. */
    default void decided(Decision decision, Duration latency) {}

    /** A Redis call failed or timed out; {@code outageStarted} is true only for the first of an outage. */
    default void storeFailed(Exception cause, boolean outageStarted) {}

    /** The store answered again after an outage. */
    default void storeRecovered(Duration outage) {}

    /** A reload finished: the new version, or the error that kept the old snapshot. */
    default void reloaded(long version, Duration took, @Nullable String error) {}
}
