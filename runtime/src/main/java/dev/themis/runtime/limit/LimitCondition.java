package dev.themis.runtime.limit;

/**
 * One condition {@code N:S}: at most {@code limit} units in any window of {@code windowMillis}.
 *
 * @param limit N, at least 1
 * @param windowMillis S in milliseconds, at least 1
 */
public record LimitCondition(long limit, long windowMillis) {
    public LimitCondition {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        if (windowMillis < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms: " + windowMillis);
        }
    }

    /** A condition with a window in seconds, as written in a JailSpec. */
    public static LimitCondition ofSeconds(long limit, long seconds) {
        return new LimitCondition(limit, Math.multiplyExact(seconds, 1000L));
    }

    /** {@code N:S} with S in seconds (rounded up), for logs. */
    @Override
    public String toString() {
        return limit + ":" + ((windowMillis + 999) / 1000);
    }
}
