package dev.themis.compiler.model;

import java.util.Locale;
import java.util.Optional;

/** A value with one canonical spelling in the policy language, read case-insensitively. */
public interface Spelled {
    /** The canonical spelling, as the printer writes it. */
    String spelling();

    /** The constant of {@code type} spelled {@code text}, ignoring case. */
    static <E extends Enum<E> & Spelled> Optional<E> parse(Class<E> type, String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.spelling().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
