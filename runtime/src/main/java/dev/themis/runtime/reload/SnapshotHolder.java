package dev.themis.runtime.reload;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.decision.PolicyIndex;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.model.PolicySet;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.eval.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current snapshot and its reload history. A message reads {@link #current()} once; a reload
 * compiles aside and publishes the new snapshot with one atomic write, so every message sees either
 * the old or the new configuration, never a mixture, and every message that starts after the swap
 * sees the new one. A configuration that does not compile keeps the old snapshot.
 */
public final class SnapshotHolder {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotHolder.class);

    private final AtomicReference<Snapshot> current;
    private final RuntimeListener listener;
    private final Clock clock;
    private volatile @Nullable Instant lastReload;
    private volatile @Nullable String lastError;

    public SnapshotHolder(Snapshot initial, RuntimeListener listener, Clock clock) {
        this.current = new AtomicReference<>(initial);
        this.listener = listener;
        this.clock = clock;
    }

    public Snapshot current() {
        return java.util.Objects.requireNonNull(current.get());
    }

    public @Nullable Instant lastReload() {
        return lastReload;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    /**
     * Publishes the result of a compile: the new snapshot when it compiled, else keeps the old one
     * and records the rendered diagnostics.
     *
     * @param version the configuration version the result was compiled from
     * @param result the compile result
     * @param textOf source name to source text, for rendering diagnostics
     * @param started when reading the configuration started (for the reload duration)
     * @return true when the snapshot was swapped
     */
    public boolean publish(
            long version, CompileResult result, Function<String, @Nullable String> textOf, Instant started) {
        Instant now = clock.instant();
        Duration took = Duration.between(started, now);
        if (result.policySet().isEmpty()) {
            String diagnostics = DiagnosticRenderer.human(result.diagnostics(), textOf);
            fail(version, diagnostics, took);
            return false;
        }
        PolicySet set = result.policySet().get();
        PolicyIndex index = result.index().orElseGet(() -> PolicyIndex.build(set));
        current.set(Snapshot.of(set, index, version, now));
        lastReload = now;
        lastError = null;
        if (!result.warnings().isEmpty()) {
            LOG.warn(
                    "configuration version {} loaded with warnings:\n{}",
                    version,
                    DiagnosticRenderer.human(result.warnings(), textOf));
        }
        LOG.info(
                "configuration version {} active: {} policies ({} ms)",
                version,
                set.policies().size(),
                took.toMillis());
        notifyListener(version, took, null);
        return true;
    }

    /** Records a reload that could not even compile (unreadable file, store error): keeps the old snapshot. */
    public void fail(long version, String error, Duration took) {
        lastReload = clock.instant();
        lastError = error;
        LOG.error(
                "configuration version {} rejected, keeping version {}:\n{}",
                version,
                current().version(),
                error);
        notifyListener(version, took, error);
    }

    private void notifyListener(long version, Duration took, @Nullable String error) {
        try {
            listener.reloaded(version, took, error);
        } catch (RuntimeException e) {
            LOG.warn("runtime listener failed on reload", e);
        }
    }
}
