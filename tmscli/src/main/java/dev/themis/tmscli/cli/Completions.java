package dev.themis.tmscli.cli;

import dev.themis.compiler.model.Feature;
import dev.themis.compiler.model.FeatureCatalog;
import dev.themis.compiler.model.FeatureType;
import dev.themis.compiler.model.MetadataCatalog;
import dev.themis.compiler.model.MetadataKey;
import dev.themis.compiler.model.PolicyAttribute;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What may come next on a command line, from {@link CommandModel} and the names stored in Redis.
 * The interactive shell's TAB and the bash completion script ({@code tmscli __complete}) both ask
 * this one class.
 */
public final class Completions {
    private Completions() {}

    /** Names stored in Redis, by kind; may be empty when Redis is not reachable. */
    public interface Names {
        List<String> policies();

        List<String> groups();

        List<String> pools();

        Names NONE = new Names() {
            @Override
            public List<String> policies() {
                return List.of();
            }

            @Override
            public List<String> groups() {
                return List.of();
            }

            @Override
            public List<String> pools() {
                return List.of();
            }
        };
    }

    /**
     * The answer.
     *
     * @param words the candidates, already filtered by the prefix being completed
     * @param files whether file names fit here as well
     */
    public record Result(List<String> words, boolean files) {
        public Result {
            words = List.copyOf(words);
        }
    }

    /** Statement keywords, accepted as the first word in the shell. */
    public static final List<String> KEYWORDS =
            List.of("policy", "group", "pool", "actionheaders", "features", "metadata");

    /**
     * @param before the words before the one being completed (without {@code tmscli})
     * @param current the (partial) word being completed
     * @param shell whether this is the interactive shell (statements and exit are offered)
     */
    public static Result complete(List<String> before, String current, Names names, boolean shell) {
        Set<String> out = new LinkedHashSet<>();
        boolean files = false;
        // a value of the option just before?
        if (!before.isEmpty()) {
            String prev = before.getLast();
            Optional<OptionSpec> valued = CommandModel.globalOption(prev).filter(OptionSpec::takesValue);
            if (valued.isPresent()) {
                ArgKind kind = valued.get().arg();
                return new Result(filter(valuesOf(kind, names), current), kind == ArgKind.FILE);
            }
            if (CommandModel.HELP.matches(prev) || (before.size() == 1 && prev.equals("help"))) {
                return new Result(filter(CommandModel.TOPICS, current), false);
            }
        }
        List<String> words = withoutGlobalOptions(before);
        if (words.isEmpty()) {
            if (current.startsWith("-")) {
                for (Action a : Action.values()) {
                    out.add(a.flag());
                }
                out.add("--help");
                CommandModel.GLOBAL_OPTIONS.forEach(o -> out.add(o.name()));
            } else {
                CommandModel.SUBCOMMANDS.forEach(s -> out.add(s.name()));
                if (shell) {
                    out.addAll(KEYWORDS);
                    out.add("exit");
                }
                for (Action a : Action.values()) {
                    out.add(a.flag());
                }
            }
            return new Result(filter(List.copyOf(out), current), false);
        }
        String first = words.getFirst();
        Optional<Subcommand> sub = CommandModel.subcommand(first);
        if (sub.isPresent()) {
            return subcommand(sub.get(), words.subList(1, words.size()), current, names);
        }
        if (shell && KEYWORDS.contains(first.toLowerCase(Locale.ROOT))) {
            Family f = Family.valueOf(first.toUpperCase(Locale.ROOT));
            return operands(Action.ADD, f, words.subList(1, words.size()), current, names);
        }
        // the original command line
        @Nullable Action action = null;
        @Nullable Family family = null;
        List<String> operands = new ArrayList<>();
        for (String w : words) {
            Optional<Action> a = Action.ofFlag(w);
            Optional<Family> f = Family.ofFlag(w);
            if (a.isPresent()) {
                action = a.get();
            } else if (f.isPresent()) {
                family = f.get();
            } else if (!CommandModel.REMOVE.matches(w) && !CommandModel.CLEAR.matches(w)) {
                operands.add(w);
            }
        }
        if (current.startsWith("-") || family == null || action == null) {
            if (action == null) {
                for (Action a : Action.values()) {
                    if (family == null || family.actions().contains(a)) {
                        out.add(a.flag());
                    }
                }
            }
            if (family == null) {
                for (Family f : Family.values()) {
                    if (action == null || f.actions().contains(action)) {
                        out.add(f.flag());
                    }
                }
            }
            if (family == Family.GROUP || family == Family.POOL) {
                out.add(CommandModel.REMOVE.name());
            }
            if (family == Family.ACTIONHEADERS && action == Action.DELETE) {
                out.add(CommandModel.CLEAR.name());
            }
            if (current.startsWith("-") && (out.isEmpty() || family != null && action != null)) {
                CommandModel.GLOBAL_OPTIONS.forEach(o -> out.add(o.name()));
                out.add("--help");
            }
            return new Result(filter(List.copyOf(out), current), false);
        }
        return operands(action, family, operands, current, names);
    }

    private static Result operands(Action action, Family family, List<String> ops, String current, Names names) {
        int i = ops.size();
        List<String> out = new ArrayList<>();
        switch (family) {
            case POLICY -> {
                if (i == 0) {
                    if (action != Action.ADD) {
                        out.addAll(names.policies());
                    }
                    if (action == Action.GET) {
                        out.add("all");
                    }
                } else if (action == Action.ADD || action == Action.MODIFY) {
                    if (i % 2 == 1) {
                        Set<String> used = new LinkedHashSet<>();
                        for (int k = 1; k < ops.size(); k += 2) {
                            used.add(ops.get(k).toLowerCase(Locale.ROOT));
                        }
                        for (PolicyAttribute a : PolicyAttribute.values()) {
                            if (!used.contains(a.spelling().toLowerCase(Locale.ROOT))) {
                                out.add(a.spelling());
                            }
                        }
                    } else {
                        out.addAll(attributeValues(ops.get(i - 1), names));
                    }
                }
            }
            case GROUP -> {
                if (i == 0 && action != Action.ADD) {
                    out.addAll(names.groups());
                    if (action == Action.GET) {
                        out.add("all");
                    }
                }
            }
            case POOL -> {
                if (i == 0 && action != Action.ADD) {
                    out.addAll(names.pools());
                    if (action == Action.GET) {
                        out.add("all");
                    }
                }
            }
            case ACTIONHEADERS -> {
                if (i == 0) {
                    out.addAll(names.policies());
                    if (action == Action.GET) {
                        out.add("all");
                    }
                } else if (i == 1) {
                    out.addAll(List.of("Subject", "From", "To", "Reply-To", "X-Mailer", "User-Agent", "Received"));
                }
            }
            case FEATURES -> {
                if (i == 0) {
                    out.add("global");
                    out.addAll(names.pools());
                    if (action == Action.GET) {
                        out.add("list");
                    }
                } else if (i == 1) {
                    FeatureCatalog.all().forEach(f -> out.add(f.key()));
                } else if (i == 2) {
                    Feature.lookup(ops.get(1))
                            .filter(f -> f.type() == FeatureType.BOOLEAN)
                            .ifPresent(f -> out.addAll(CommandModel.BOOLEANS));
                }
            }
            case METADATA -> {
                if (i == 0 && action == Action.GET) {
                    out.add("list");
                } else if (i == 1) {
                    for (MetadataKey k : MetadataCatalog.all()) {
                        if (action == Action.DELETE || k.writable()) {
                            out.add(k.key());
                        }
                    }
                } else if (i == 2) {
                    MetadataKey.lookup(ops.get(1))
                            .filter(k -> k.type() == FeatureType.BOOLEAN)
                            .ifPresent(k -> out.addAll(CommandModel.BOOLEANS));
                }
            }
            case SEARCH, DEL_LOOKUP, FLUSHDB, RESYNC, REMOTE -> {}
        }
        return new Result(filter(out, current), false);
    }

    private static List<String> attributeValues(String attribute, Names names) {
        Optional<PolicyAttribute> a = PolicyAttribute.lookup(attribute);
        if (a.isEmpty()) {
            return List.of();
        }
        if (a.get().kind() == PolicyAttribute.Kind.GROUP_REF) {
            List<String> out = new ArrayList<>();
            out.add("any");
            out.addAll(names.groups());
            names.groups().forEach(g -> out.add("!" + g));
            return out;
        }
        return CommandModel.attributeValues(a.get().spelling());
    }

    private static Result subcommand(Subcommand sub, List<String> args, String current, Names names) {
        if (current.startsWith("-")) {
            List<String> out = new ArrayList<>();
            sub.options().forEach(o -> out.add(o.name()));
            out.add("--help");
            return new Result(filter(out, current), false);
        }
        if (!args.isEmpty()) {
            String prev = args.getLast();
            for (OptionSpec o : sub.options()) {
                if (o.matches(prev) && o.takesValue()) {
                    return new Result(filter(valuesOf(o.arg(), names), current), o.arg() == ArgKind.FILE);
                }
            }
        }
        int position = 0;
        for (int k = 0; k < args.size(); k++) {
            String w = args.get(k);
            if (w.startsWith("--")) {
                final String n = w;
                if (sub.options().stream().anyMatch(o -> o.matches(n) && o.takesValue())) {
                    k++;
                }
                continue;
            }
            position++;
        }
        if (sub.positionals().isEmpty()) {
            return new Result(List.of(), false);
        }
        int idx = Math.min(position, sub.positionals().size() - 1);
        if (position >= sub.positionals().size() && !sub.repeatLast()) {
            return new Result(List.of(), false);
        }
        ArgKind kind = sub.positionals().get(idx);
        return new Result(filter(valuesOf(kind, names), current), kind == ArgKind.FILE);
    }

    private static List<String> valuesOf(@Nullable ArgKind kind, Names names) {
        if (kind == null) {
            return List.of();
        }
        return switch (kind) {
            case POLICY -> names.policies();
            case GROUP -> names.groups();
            case POOL -> names.pools();
            case NAMESPACE -> {
                List<String> out = new ArrayList<>(List.of("global"));
                out.addAll(names.pools());
                yield out;
            }
            case TOPIC -> CommandModel.TOPICS;
            case SHELL -> List.of("bash");
            case FORMAT -> List.of("human", "json");
            case URL -> List.of("redis://", "rediss://", "redis-cluster://", "redis-sentinel://");
            case FEATURE_KEY -> FeatureCatalog.all().stream().map(Feature::key).toList();
            case METADATA_KEY ->
                MetadataCatalog.all().stream().map(MetadataKey::key).toList();
            case DURATION -> List.of("60s", "10m", "1h", "1d");
            case FILE, HOST, OBJECT, PATTERN, TEXT, JAILSPEC, ATTRIBUTES, MEMBERS, SERVERS, HEADER -> List.of();
        };
    }

    /** Drops global options (and their values) so the rest can be read positionally. */
    private static List<String> withoutGlobalOptions(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            Optional<OptionSpec> o = CommandModel.globalOption(words.get(i));
            if (o.isPresent()) {
                if (o.get().takesValue()) {
                    i++;
                }
                continue;
            }
            out.add(words.get(i));
        }
        return out;
    }

    private static List<String> filter(List<String> candidates, String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .filter(c -> c.toLowerCase(Locale.ROOT).startsWith(p))
                .distinct()
                .toList();
    }
}
