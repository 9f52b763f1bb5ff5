package dev.themis.runtime.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One condition {@code N:S}: at most {@code limit} units in any window of {@code windowMillis}.
 *
 * @param limit N, at least 1
 * @param windowMillis S in milliseconds, at least 1
 */
public record LimitCondition(long limit, long windowMillis) {
    private static final Pattern CONDITION = Pattern.compile("[0-9]+:[0-9]+");

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

    /** Parses a {@code limit:<policy>} override: a JailSpec {@code N:S;N:S} with S in seconds. */
    public static List<LimitCondition> parseOverride(String text) {
        List<LimitCondition> out = new ArrayList<>();
        for (String part : text.split("[;,\\s]+", -1)) {
            if (!CONDITION.matcher(part).matches()) {
                continue;
            }
            int colon = part.indexOf(':');
            try {
                long n = Long.parseLong(part.substring(0, colon));
                long s = Long.parseLong(part.substring(colon + 1));
                if (n > 0 && s > 0) {
                    out.add(ofSeconds(n, s));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // too large to be a condition: ignored
            }
        }
        return out;
    }
}
