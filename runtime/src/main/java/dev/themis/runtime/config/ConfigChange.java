package dev.themis.runtime.config;

import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.print.Printer;
import java.util.Objects;

/** One change to the stored configuration. */
public sealed interface ConfigChange {

    /** The statement key it changes, e.g. {@code policy:outbound}. */
    String key();

    /** Sets {@code key} to {@code text} (adds or replaces the statement). */
    record Put(String key, String text) implements ConfigChange {
        public Put {
            checkKey(key);
            Objects.requireNonNull(text, "text");
            if (text.isBlank()) {
                throw new IllegalArgumentException("statement `" + key + "` has no text");
            }
        }
    }

    /** Removes the statement {@code key} (nothing happens when it does not exist). */
    record Delete(String key) implements ConfigChange {
        public Delete {
            checkKey(key);
        }
    }

    /** Stores a parsed statement under its key as the printer's canonical one-line text. */
    static ConfigChange.Put of(Statement statement) {
        return new Put(statement.key(), Printer.print(statement));
    }

    static ConfigChange put(String key, String text) {
        return new Put(key, text);
    }

    static ConfigChange delete(String key) {
        return new Delete(key);
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("empty statement key");
        }
    }
}
