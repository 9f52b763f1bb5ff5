package dev.themis.tmscli.ops;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stored configuration as tmscli sees it: a version and a set of statements, each stored as
 * {@code Statement.key() -> canonical statement text}. Implemented over the runtime's config store.
 */
public interface ConfigPort {

    /**
     * One consistent view.
     *
     * @param version the configuration version; every change bumps it
     * @param statements key to canonical text, sorted by key
     */
    record Snapshot(long version, SortedMap<String, String> statements) {
        public Snapshot {
            statements = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(statements));
        }

        /** The statements after {@code changes}. */
        public SortedMap<String, String> after(List<Change> changes) {
            TreeMap<String, String> out = new TreeMap<>(statements);
            for (Change c : changes) {
                switch (c) {
                    case Change.Put p -> out.put(p.key(), p.text());
                    case Change.Delete d -> out.remove(d.key());
                }
            }
            return out;
        }
    }

    /** One change of one statement. */
    sealed interface Change {
        String key();

        record Put(String key, String text) implements Change {}

        record Delete(String key) implements Change {}
    }

    Snapshot read();

    /**
     * Applies every change or none, if and only if the stored version is still {@code
     * expectedVersion}; returns the new version.
     *
     * @throws ConflictException when someone else changed the configuration in between
     */
    long apply(long expectedVersion, List<Change> changes);

    /** The changes that turn {@code from} into {@code to}. */
    static List<Change> difference(Map<String, String> from, Map<String, String> to) {
        List<Change> out = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(to).entrySet()) {
            if (!e.getValue().equals(from.get(e.getKey()))) {
                out.add(new Change.Put(e.getKey(), e.getValue()));
            }
        }
        for (String k : new TreeMap<>(from).keySet()) {
            if (!to.containsKey(k)) {
                out.add(new Change.Delete(k));
            }
        }
        return List.copyOf(out);
    }
}
