package dev.themis.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What separates two configurations, statement by statement (for {@code tmscli diff} and {@code
 * push --dry-run}).
 *
 * @param added statements only in the new configuration (key → text)
 * @param removed statements only in the old one (key → old text)
 * @param modified statements in both with different text (key → before/after)
 */
public record ConfigDiff(
        SortedMap<String, String> added, SortedMap<String, String> removed, SortedMap<String, Modified> modified) {

    /** A statement whose text changed. */
    public record Modified(String before, String after) {}

    public ConfigDiff {
        added = Collections.unmodifiableSortedMap(new TreeMap<>(added));
        removed = Collections.unmodifiableSortedMap(new TreeMap<>(removed));
        modified = Collections.unmodifiableSortedMap(new TreeMap<>(modified));
    }

    /** The difference from {@code before} to {@code after} (both key → canonical text). */
    public static ConfigDiff between(Map<String, String> before, Map<String, String> after) {
        SortedMap<String, String> added = new TreeMap<>();
        SortedMap<String, String> removed = new TreeMap<>();
        SortedMap<String, Modified> modified = new TreeMap<>();
        after.forEach((key, text) -> {
            String old = before.get(key);
            if (old == null) {
                added.put(key, text);
            } else if (!old.equals(text)) {
                modified.put(key, new Modified(old, text));
            }
        });
        before.forEach((key, text) -> {
            if (!after.containsKey(key)) {
                removed.put(key, text);
            }
        });
        return new ConfigDiff(added, removed, modified);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && modified.isEmpty();
    }

    /** Number of statements that differ. */
    public int size() {
        return added.size() + removed.size() + modified.size();
    }

    /** The changes that turn the old configuration into the new one. */
    public List<ConfigChange> changes() {
        List<ConfigChange> changes = new ArrayList<>();
        removed.keySet().forEach(key -> changes.add(new ConfigChange.Delete(key)));
        added.forEach((key, text) -> changes.add(new ConfigChange.Put(key, text)));
        modified.forEach((key, m) -> changes.add(new ConfigChange.Put(key, m.after())));
        return List.copyOf(changes);
    }
}
