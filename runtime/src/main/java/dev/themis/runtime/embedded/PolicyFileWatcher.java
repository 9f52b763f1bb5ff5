package dev.themis.runtime.embedded;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when the policy files may have changed: a {@link WatchService} on their directories
 * for prompt reloads, plus a check every poll interval because watch events are unreliable on some
 * file systems (network mounts, bind mounts in containers) and editors replace files in steps. The
 * callback decides whether the content changed.
 */
public final class PolicyFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatcher.class);
    /** Editors write in several steps: wait this long after an event before reading. */
    private static final long SETTLE_MILLIS = 50;

    private final @Nullable WatchService watch;
    private final Thread thread;
    private volatile boolean closed;

    public PolicyFileWatcher(PolicyFiles files, Duration pollInterval, Runnable onPossibleChange) {
        WatchService ws = null;
        try {
            ws = FileSystems.getDefault().newWatchService();
            Set<Path> dirs = new HashSet<>();
            for (Path p : files.paths()) {
                Path abs = p.toAbsolutePath();
                Path dir = Files.isDirectory(abs) ? abs : abs.getParent();
                if (dir != null && dirs.add(dir)) {
                    dir.register(
                            ws,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot watch the policy files ({}); checking them every {} s only", e, pollInterval.toSeconds());
        }
        this.watch = ws;
        long pollMillis = Math.max(100, pollInterval.toMillis());
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("themis-policy-watch")
                .unstarted(() -> loop(pollMillis, onPossibleChange));
        thread.start();
    }

    private void loop(long pollMillis, Runnable onPossibleChange) {
        while (!closed) {
            try {
                if (watch != null) {
                    var key = watch.poll(pollMillis, TimeUnit.MILLISECONDS);
                    if (key != null) {
                        Thread.sleep(SETTLE_MILLIS);
                        key.pollEvents();
                        key.reset();
                        // drain events of the same burst
                        for (var more = watch.poll(); more != null; more = watch.poll()) {
                            more.pollEvents();
                            more.reset();
                        }
                    }
                } else {
                    Thread.sleep(pollMillis);
                }
                if (!closed) {
                    onPossibleChange.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("policy reload check failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service", e);
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
