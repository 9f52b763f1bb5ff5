package dev.themis.tmscli.cli;

import dev.themis.compiler.parse.Names;
import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for near misses: the compiler's one rule, so tmscli and diagnostics agree. */
public final class Suggest {
    private Suggest() {}

    /** The closest candidate within a small edit distance, ignoring case. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        return Optional.ofNullable(Names.suggest(word, candidates));
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        return Names.distance(a, b);
    }
}
