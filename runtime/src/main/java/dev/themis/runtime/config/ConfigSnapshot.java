package dev.themis.runtime.config;

import dev.themis.compiler.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One whole configuration as stored: its version and every statement, sorted by key.
 *
 * @param version the configuration version (0 for an empty store that was never written)
 * @param statements statement key → canonical statement text, in key order
 */
public record ConfigSnapshot(long version, SortedMap<String, String> statements) {

    public ConfigSnapshot {
        if (version < 0) {
            throw new IllegalArgumentException("version must be 0 or more");
        }
        statements = Collections.unmodifiableSortedMap(new TreeMap<>(statements));
    }

    public static ConfigSnapshot of(long version, Map<String, String> statements) {
        return new ConfigSnapshot(version, new TreeMap<>(statements));
    }

    public boolean isEmpty() {
        return statements.isEmpty();
    }

    /**
     * One compiler {@link Source} per statement, named by its key, in key order: what {@code
     * Compiler.compileSources} takes, so a diagnostic names the stored statement it comes from.
     */
    public List<Source> sources() {
        List<Source> sources = new ArrayList<>(statements.size());
        statements.forEach((key, text) -> sources.add(new Source(key, text)));
        return List.copyOf(sources);
    }

    /**
     * The statements as one {@code .tms} text in key order (each statement's canonical text on its
     * own line), e.g. for {@code tmscli export} or for compiling; statement spans then point into it.
     */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (String statement : statements.values()) {
            text.append(statement.stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
