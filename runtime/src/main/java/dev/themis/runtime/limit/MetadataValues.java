package dev.themis.runtime.limit;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How metadata values read, the same in the Redis script and in memory. */
public final class MetadataValues {
    private MetadataValues() {}

    /** TRUE, true, 1, yes, on (any case) are true; anything else, or no value, is false. */
    public static boolean truthy(@Nullable String value) {
        if (value == null) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("on");
    }
}
