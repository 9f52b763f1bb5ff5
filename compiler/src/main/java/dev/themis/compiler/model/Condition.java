package dev.themis.compiler.model;

/**
 * One rate-limit condition {@code N:S}: at most {@code limit} messages in any {@code seconds}
 * seconds. {@code 0:0} is the marker "use the global conditions" and only appears alone in a
 * {@link JailSpec}.
 */
public record Condition(long limit, long seconds) {
    public Condition {
        if (limit < 0 || seconds < 0 || (limit == 0) != (seconds == 0)) {
            throw new IllegalArgumentException("bad condition " + limit + ":" + seconds);
        }
    }

    public boolean isGlobalMarker() {
        return limit == 0;
    }

    @Override
    public String toString() {
        return limit + ":" + seconds;
    }
}
