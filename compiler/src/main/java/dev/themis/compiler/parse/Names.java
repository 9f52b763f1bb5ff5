package dev.themis.compiler.parse;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Name rules and "did you mean" suggestions. */
public final class Names {
    private Names() {}

    /** Words that cannot be names of policies, groups or pools (spec section 4), lowercase. */
    public static final Set<String> RESERVED =
            Set.of("global", "any", "list", "all", "metadata", "pool", "policy", "policies", "group");

    /** Letters, digits and underscore. */
    public static boolean isValidName(String name) {
        if (name.isEmpty() || name.length() > 128) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isReserved(String name) {
        return RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The closest candidate to {@code word} (case-insensitive), or null when none is close. */
    public static @Nullable String suggest(String word, Collection<String> candidates) {
        if (word.length() > 64) {
            return null;
        }
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.length() > 64) {
                continue;
            }
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, w.length() / 3));
        return best != null && bestDistance <= allowed ? best : null;
    }

    /** "did you mean `X`?" or null. */
    public static @Nullable String didYouMean(String word, Collection<String> candidates) {
        String s = suggest(word, candidates);
        return s == null ? null : "did you mean `" + s + "`?";
    }

    /** Optimal string alignment distance (Levenshtein plus transpositions). */
    public static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 3) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
