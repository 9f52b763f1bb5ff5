package dev.themis.compiler.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Attribute {@code JailSpec}: {@code N:S[;N:S...]}, every condition must admit a message. The
 * spec {@code 0:0} means "use the global conditions" (feature {@code global_conditions}).
 */
public record JailSpec(List<Condition> conditions) {
    /** The default: {@code 0:0}. */
    public static final JailSpec GLOBAL = new JailSpec(List.of(new Condition(0, 0)));

    /** Longest accepted N or S: a year of seconds is far beyond any sensible window. */
    public static final long MAX_VALUE = 1_000_000_000L;

    public JailSpec {
        conditions = List.copyOf(conditions);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("a JailSpec has at least one condition");
        }
        if (conditions.size() > 1 && conditions.stream().anyMatch(Condition::isGlobalMarker)) {
            throw new IllegalArgumentException("0:0 must be the only condition");
        }
    }

    /** True for {@code 0:0}: the runtime uses the feature {@code global_conditions} instead. */
    public boolean usesGlobalConditions() {
        return conditions.getFirst().isGlobalMarker();
    }

    /**
     * Parses {@code N:S[;N:S...]}; empty when malformed (the checks report why, see {@link
     * #problem(String)}).
     */
    public static Optional<JailSpec> parse(String text) {
        return problem(text) == null ? Optional.of(parseValid(text)) : Optional.empty();
    }

    /** Why {@code text} is not a JailSpec, or null when it is one. */
    public static @org.jspecify.annotations.Nullable String problem(String text) {
        if (text.isEmpty()) {
            return "empty JailSpec";
        }
        String[] parts = text.split(";", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                return "empty condition between `;`";
            }
            int colon = part.indexOf(':');
            if (colon < 0 || part.indexOf(':', colon + 1) >= 0) {
                return "condition `" + part + "` is not `N:S`";
            }
            String n = part.substring(0, colon);
            String s = part.substring(colon + 1);
            if (!isNumber(n) || !isNumber(s)) {
                return "condition `" + part + "` is not two whole numbers `N:S`";
            }
            long limit = Long.parseLong(n);
            long seconds = Long.parseLong(s);
            if (limit > MAX_VALUE || seconds > MAX_VALUE) {
                return "condition `" + part + "` is too large (at most " + MAX_VALUE + ")";
            }
            if (limit == 0 && seconds == 0) {
                if (parts.length > 1) {
                    return "`0:0` (use the global conditions) must be the only condition";
                }
            } else if (limit == 0 || seconds == 0) {
                return "condition `" + part + "` needs a positive count and a positive number of seconds";
            }
        }
        return null;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static JailSpec parseValid(String text) {
        List<Condition> out = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            int colon = part.indexOf(':');
            out.add(new Condition(Long.parseLong(part.substring(0, colon)), Long.parseLong(part.substring(colon + 1))));
        }
        return new JailSpec(out);
    }

    /** The canonical spelling, e.g. {@code 100:3600;1000:86400}. */
    public String spelling() {
        return conditions.stream().map(Condition::toString).collect(Collectors.joining(";"));
    }

    @Override
    public String toString() {
        return spelling();
    }
}
