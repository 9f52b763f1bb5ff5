package dev.themis.milter.daemon;

import dev.themis.runtime.Decision;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs store outages in two lines (start with the cause, end with the length) rather than one per
 * message, and fans runtime events out to the other listeners (metrics).
 */
final class StoreLog implements RuntimeListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.themis.milter.store");

    private final Verdict onFailure;
    private final List<RuntimeListener> others;

    StoreLog(Verdict onFailure, List<RuntimeListener> others) {
        this.onFailure = onFailure;
        this.others = List.copyOf(others);
    }

    @Override
    public void decided(Decision decision, Duration latency) {
        for (RuntimeListener l : others) {
            l.decided(decision, latency);
        }
    }

    @Override
    public void storeFailed(Exception cause, boolean outageStarted) {
        if (outageStarted) {
            LOG.warn(
                    "redis does not answer: {}; every message is answered {} until it does",
                    describe(cause),
                    onFailure == Verdict.TEMPFAIL ? "with tempfail (451 4.7.1)" : "with accept");
        }
        for (RuntimeListener l : others) {
            l.storeFailed(cause, outageStarted);
        }
    }

    @Override
    public void storeRecovered(Duration outage) {
        LOG.info("redis answers again after {}; limits apply again", human(outage));
        for (RuntimeListener l : others) {
            l.storeRecovered(outage);
        }
    }

    @Override
    public void reloaded(long version, Duration took, @Nullable String error) {
        for (RuntimeListener l : others) {
            l.reloaded(version, took, error);
        }
    }

    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                b.append(": caused by ");
            }
            String msg = t.getMessage();
            b.append(t.getClass().getSimpleName());
            if (msg != null && !msg.isEmpty()) {
                b.append(' ').append(msg.lines().findFirst().orElse(msg));
            }
        }
        return b.toString();
    }

    static String human(Duration d) {
        if (d.toSeconds() < 1) {
            return d.toMillis() + " ms";
        }
        if (d.toMinutes() < 2) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return d.toMinutes() + " min";
    }
}
