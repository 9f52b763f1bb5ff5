package dev.themis.runtime.metadata;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An object that is refused now.
 *
 * @param object the object
 * @param reason manual block by an administrator, or a custom block after a limit
 * @param policy the policy whose limit caused a custom block; null for a manual block
 * @param until when a custom block ends; null for a manual block (it lasts while the metadata does)
 */
public record BlockedObject(
        String object,
        Reason reason,
        @Nullable String policy,
        @Nullable Instant until) {

    /** Why the object is blocked. */
    public enum Reason {
        /** {@code manual_block TRUE} in its metadata. */
        MANUAL,
        /** {@code global_custom_block}: blocked for some minutes after hitting a limit. */
        CUSTOM_BLOCK
    }
}
