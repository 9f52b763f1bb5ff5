package dev.themis.runtime.eval;

import dev.themis.runtime.RuntimeListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Whether the counter store answers. Tells the listener once when an outage starts and once when it
 * ends, so themisd logs an outage in two lines rather than one per message.
 */
public final class StoreHealth {
    private final RuntimeListener listener;
    private final Clock clock;
    private final AtomicReference<@Nullable Instant> outageSince = new AtomicReference<>();

    public StoreHealth(RuntimeListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    public void failed(Exception cause) {
        boolean started = outageSince.compareAndSet(null, clock.instant());
        listener.storeFailed(cause, started);
    }

    public void succeeded() {
        Instant since = outageSince.getAndSet(null);
        if (since != null) {
            listener.storeRecovered(Duration.between(since, clock.instant()));
        }
    }

    public boolean up() {
        return outageSince.get() == null;
    }
}
