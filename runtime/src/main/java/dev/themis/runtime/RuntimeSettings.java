package dev.themis.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the runtime needs to start.
 *
 * @param store where configuration and counters live
 * @param onFailure ACCEPT (default) or TEMPFAIL: the verdict when Themis cannot decide
 * @param pollInterval how often to poll the configuration version when keyspace notifications are
 *     not available (and the safety-net poll otherwise)
 * @param clock time source for window arithmetic (tests inject one)
 * @param listener observer for logs and metrics
 */
public record RuntimeSettings(
        StoreSettings store, Verdict onFailure, Duration pollInterval, Clock clock, RuntimeListener listener) {
    public RuntimeSettings {
        Objects.requireNonNull(store, "store");
        if (onFailure != Verdict.ACCEPT && onFailure != Verdict.TEMPFAIL) {
            throw new IllegalArgumentException("onFailure must be ACCEPT or TEMPFAIL");
        }
    }
}
