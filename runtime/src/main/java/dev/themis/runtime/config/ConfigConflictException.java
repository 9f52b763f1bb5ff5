package dev.themis.runtime.config;

/**
 * A compare-and-set write found a different configuration version than the one its caller read:
 * somebody else wrote in between and nothing was written. Re-read and re-apply, or report it.
 */
public final class ConfigConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long actualVersion;

    public ConfigConflictException(long expectedVersion, long actualVersion) {
        super("the configuration changed while this change was prepared (read version " + expectedVersion
                + ", now version " + actualVersion + "); nothing was written");
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
