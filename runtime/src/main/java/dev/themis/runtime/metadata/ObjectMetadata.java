package dev.themis.runtime.metadata;

import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One object's metadata as stored.
 *
 * @param object the object (normalised: lowercase, no {@code NS:metadata:} prefix)
 * @param fields every field of the hash, including {@code limit:POLICY} overrides
 * @param expiresIn time left before the hash expires; null when it does not expire (it holds an
 *     override) or does not exist
 */
public record ObjectMetadata(
        String object,
        SortedMap<String, String> fields,
        @Nullable Duration expiresIn) {

    public ObjectMetadata {
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public Optional<String> get(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** {@code bypass} is TRUE. */
    public boolean bypass() {
        return truthy(fields.get("bypass"));
    }

    /** {@code manual_block} is TRUE. */
    public boolean manualBlock() {
        return truthy(fields.get("manual_block"));
    }

    /** Per-object limit overrides: policy → JailSpec text. */
    public SortedMap<String, String> limitOverrides() {
        TreeMap<String, String> overrides = new TreeMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(MetadataStore.LIMIT_FIELD_PREFIX)) {
                overrides.put(k.substring(MetadataStore.LIMIT_FIELD_PREFIX.length()), v);
            }
        });
        return Collections.unmodifiableSortedMap(overrides);
    }

    static boolean truthy(@Nullable String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip();
        return v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
    }
}
