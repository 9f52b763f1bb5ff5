package dev.themis.e2e;

import org.jspecify.annotations.Nullable;

/** Stops what a test class started, in the order given, however the earlier ones fail. */
final class Closing {
    private Closing() {}

    /**
     * Closes every non-null resource in order; a failure does not stop the others. The first
     * failure is rethrown at the end with the later ones suppressed, so a broken stop is still seen.
     */
    static void all(@Nullable AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("stopping " + r + " failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
