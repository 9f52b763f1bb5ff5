package dev.themis.runtime.embedded;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.runtime.ConfigurationException;
import dev.themis.runtime.reload.SnapshotHolder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Loads the policy files into a {@link SnapshotHolder}: at start (fail fast with rendered
 * diagnostics) and whenever their content changes (keep the old snapshot on error). Versions count
 * successful loads: 1, 2, 3, ...
 */
public final class EmbeddedConfig {
    private final PolicyFiles files;
    private final Clock clock;
    private @Nullable List<Source> loaded;
    private long version;

    public EmbeddedConfig(PolicyFiles files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    /** The first compile; throws {@link ConfigurationException} with the diagnostics when it fails. */
    public synchronized CompileResult loadInitial() {
        List<Source> sources;
        try {
            sources = files.read();
        } catch (IOException e) {
            throw new ConfigurationException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        CompileResult result = Compiler.compileSources(sources);
        if (result.policySet().isEmpty()) {
            throw new ConfigurationException(DiagnosticRenderer.human(result.diagnostics(), textOf(sources))
                    + DiagnosticRenderer.summary(result.diagnostics()));
        }
        loaded = sources;
        version = 1;
        return result;
    }

    /** Source texts of the loaded files by name, for rendering diagnostics. */
    public synchronized java.util.function.Function<String, @Nullable String> loadedText() {
        return textOf(loaded == null ? List.of() : loaded);
    }

    public synchronized long version() {
        return version;
    }

    /** Renders diagnostics against the loaded sources. */
    public static java.util.function.Function<String, @Nullable String> textOf(List<Source> sources) {
        Map<String, String> byName = new HashMap<>();
        for (Source s : sources) {
            byName.put(s.name(), s.text());
        }
        return byName::get;
    }

    /**
     * Re-reads the files; when their content changed, compiles aside and publishes. Called by the
     * watcher (and by tests).
     *
     * @return true when a new snapshot is active
     */
    public synchronized boolean reloadIfChanged(SnapshotHolder holder) {
        Instant started = clock.instant();
        List<Source> sources;
        try {
            sources = files.read();
        } catch (IOException e) {
            if (holder.lastError() == null || !holder.lastError().equals(e.getMessage())) {
                holder.fail(
                        version + 1,
                        e.getMessage() == null ? e.toString() : e.getMessage(),
                        Duration.between(started, clock.instant()));
            }
            return false;
        }
        if (sources.equals(loaded)) {
            return false;
        }
        loaded = sources;
        CompileResult result = Compiler.compileSources(sources);
        if (holder.publish(version + 1, result, textOf(sources), started)) {
            version++;
            return true;
        }
        return false;
    }
}
