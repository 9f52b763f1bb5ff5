package dev.themis.runtime.limit;

/**
 * The state of one condition after a check: {@code count} units in the window (including this
 * message when it was admitted).
 */
public record Usage(LimitCondition condition, long count) {
    @Override
    public String toString() {
        return count + "/" + condition;
    }
}
