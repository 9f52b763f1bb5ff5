package dev.themis.runtime;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the runtime is running on, for {@code themisd} status output and metrics.
 *
 * @param mode {@code embedded} or {@code redis}
 * @param configVersion the version of the snapshot messages are decided with (0: none loaded yet)
 * @param policies number of policies in that snapshot
 * @param lastReload when the last reload attempt finished (successful or not), null before any
 * @param lastReloadError diagnostics of the last failed reload, null when the last one succeeded
 * @param storeUp false while the counter store (Redis) does not answer
 */
public record RuntimeStatus(
        String mode,
        long configVersion,
        int policies,
        @Nullable Instant lastReload,
        @Nullable String lastReloadError,
        boolean storeUp) {}
