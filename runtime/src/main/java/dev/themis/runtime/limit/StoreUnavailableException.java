package dev.themis.runtime.limit;

import org.jspecify.annotations.Nullable;

/** The counter store did not answer in time or failed; the caller applies the failure rule. */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
