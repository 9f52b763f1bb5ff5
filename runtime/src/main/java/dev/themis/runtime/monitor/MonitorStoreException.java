package dev.themis.runtime.monitor;

/** The monitoring store (Redis) could not be read. */
public final class MonitorStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MonitorStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
