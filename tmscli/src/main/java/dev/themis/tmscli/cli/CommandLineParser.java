package dev.themis.tmscli.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns arguments into an {@link Invocation}, following {@link CommandModel}. Every form of the
 * original command line is accepted verbatim; flags may come in any order, global options anywhere.
 */
public final class CommandLineParser {
    private CommandLineParser() {}

    /** The result: global options plus the command. */
    public record Parsed(GlobalOptions options, Invocation invocation) {}

    public static Parsed parse(List<String> args) {
        return parse(args, false);
    }

    /**
     * @param shell whether the words are a shell line, where a statement of the policy language
     *     ({@code policy NAME ...}) is accepted as well
     */
    public static Parsed parse(List<String> args, boolean shell) {
        Globals g = new Globals();
        List<String> rest = new ArrayList<>();
        boolean endOfOptions = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (endOfOptions) {
                rest.add(a);
                continue;
            }
            if (a.equals("--")) {
                endOfOptions = true;
                rest.add(a);
                continue;
            }
            String name = a;
            @Nullable String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                name = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            Optional<OptionSpec> opt = CommandModel.globalOption(name);
            if (opt.isEmpty()) {
                rest.add(a);
                continue;
            }
            OptionSpec o = opt.get();
            String value = "";
            if (o.takesValue()) {
                if (inline != null) {
                    value = inline;
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + o.name() + " needs a value", "connection");
                }
            } else if (inline != null) {
                throw new UsageException("option " + o.name() + " takes no value");
            }
            g.set(o, value);
        }
        if (shell
                && !rest.isEmpty()
                && Completions.KEYWORDS.contains(rest.getFirst().toLowerCase(Locale.ROOT))) {
            return new Parsed(g.build(), new Invocation.Store(rest));
        }
        return new Parsed(g.build(), parseCommand(rest));
    }

    private static Invocation parseCommand(List<String> rest) {
        if (rest.isEmpty()) {
            return new Invocation.Nothing();
        }
        String first = rest.getFirst();
        Optional<Subcommand> sub = CommandModel.subcommand(first);
        if (sub.isPresent()) {
            return parseSubcommand(sub.get(), rest.subList(1, rest.size()));
        }
        if (CommandModel.VERSION.matches(first) && rest.size() == 1) {
            return new Invocation.Version();
        }
        return parseLegacy(rest);
    }

    private static Invocation parseLegacy(List<String> rest) {
        @Nullable Action action = null;
        @Nullable Family family = null;
        boolean remove = false;
        boolean clear = false;
        boolean help = false;
        boolean literal = false;
        List<String> operands = new ArrayList<>();
        for (String a : rest) {
            if (literal) {
                operands.add(a);
                continue;
            }
            if (a.equals("--")) {
                literal = true;
                continue;
            }
            Optional<Action> act = Action.ofFlag(a);
            Optional<Family> fam = Family.ofFlag(a);
            if (act.isPresent()) {
                if (action != null && action != act.get()) {
                    throw new UsageException("give one action only, not both " + action.flag() + " and " + a);
                }
                action = act.get();
            } else if (fam.isPresent()) {
                if (family != null && family != fam.get()) {
                    throw new UsageException(
                            "give one of --policy, --group, ... only, not both " + family.flag() + " and " + a);
                }
                family = fam.get();
            } else if (CommandModel.REMOVE.matches(a)) {
                remove = true;
            } else if (CommandModel.CLEAR.matches(a)) {
                clear = true;
            } else if (CommandModel.HELP.matches(a)) {
                help = true;
            } else if (a.startsWith("-") && a.length() > 1 && family == null) {
                throw unknownOption(a);
            } else {
                operands.add(a);
            }
        }
        if (help) {
            @Nullable String topic = family != null ? family.topic() : null;
            if (topic == null && !operands.isEmpty()) {
                topic = operands.getFirst().toLowerCase(Locale.ROOT);
            }
            return new Invocation.Help(topic);
        }
        if (action == null && family == null) {
            throw new UsageException("unknown command `" + rest.getFirst() + "`; see `tmscli --help`");
        }
        if (action == null && family != null) {
            throw new UsageException(
                    "missing action: give -a (add), -d (delete), -m (modify) or -g (get) with " + family.flag(),
                    family.topic());
        }
        if (action == null || family == null) {
            throw new UsageException(
                    "missing object: give --policy, --group, --pool, --actionheaders, --features, --metadata,"
                            + " --search, --del-lookup, --flushdb, --resync or --remote"
                            + (action == null ? "" : " after " + action.flag()));
        }
        if (!family.actions().contains(action)) {
            throw new UsageException(
                    action.flag() + " does not apply to " + family.flag() + "; use " + flags(family), family.topic());
        }
        if (remove && !(family == Family.GROUP || family == Family.POOL)) {
            throw new UsageException("--remove applies to --group and --pool only", family.topic());
        }
        if (remove && !(action == Action.MODIFY || action == Action.DELETE)) {
            throw new UsageException("--remove goes with -m (or -d)", family.topic());
        }
        if (clear && !(family == Family.ACTIONHEADERS && action == Action.DELETE)) {
            throw new UsageException("--clear goes with -d --actionheaders POLICY", "actionheaders");
        }
        checkOperands(action, family, operands, remove, clear);
        return new Invocation.Legacy(action, family, operands, remove, clear);
    }

    private static String flags(Family family) {
        List<String> out = new ArrayList<>();
        for (Action a : Action.values()) {
            if (family.actions().contains(a)) {
                out.add(a.flag());
            }
        }
        return String.join(", ", out);
    }

    private static void checkOperands(Action action, Family family, List<String> ops, boolean remove, boolean clear) {
        int n = ops.size();
        String topic = family.topic();
        switch (family) {
            case POLICY -> {
                need(n >= 1, "missing policy name: tmscli " + action.flag() + " --policy NAME ...", topic);
                switch (action) {
                    case ADD ->
                        need(
                                n >= 3,
                                "missing attributes: tmscli -a --policy NAME Source GROUP Destination"
                                        + " GROUP [Attribute Value ...]",
                                topic);
                    case MODIFY ->
                        need(n >= 3, "missing attributes: tmscli -m --policy NAME Attribute Value ...", topic);
                    case DELETE, GET ->
                        need(
                                n == 1,
                                "too many arguments: tmscli " + action.flag() + " --policy NAME"
                                        + (action == Action.GET ? "|all" : ""),
                                topic);
                    case FORCE -> throw new IllegalStateException();
                }
                if (action == Action.ADD || action == Action.MODIFY) {
                    need((n - 1) % 2 == 0, "attribute `" + ops.getLast() + "` has no value", topic);
                }
            }
            case GROUP, POOL -> {
                String what = family == Family.GROUP ? "group" : "pool";
                String items = family == Family.GROUP ? "'member member ...'" : "'server server ...'";
                need(n >= 1, "missing " + what + " name: tmscli " + action.flag() + " --" + what + " NAME", topic);
                switch (action) {
                    case ADD, MODIFY ->
                        need(
                                n >= 2,
                                "missing " + (family == Family.GROUP ? "members" : "servers")
                                        + ": tmscli " + action.flag() + " --" + what + " NAME " + items
                                        + (action == Action.MODIFY ? " [--remove]" : ""),
                                topic);
                    case DELETE ->
                        need(
                                !remove || n >= 2,
                                "--remove needs the " + (family == Family.GROUP ? "members" : "servers") + " to remove",
                                topic);
                    case GET -> need(n == 1, "too many arguments: tmscli -g --" + what + " NAME|all", topic);
                    case FORCE -> throw new IllegalStateException();
                }
            }
            case ACTIONHEADERS -> {
                switch (action) {
                    case ADD, MODIFY -> {
                        need(
                                n >= 5,
                                "tmscli " + action.flag() + " --actionheaders POLICY MATCH_HEADER REGEXP"
                                        + " NEW_HEADER NEW_VALUE [NEW_HEADER NEW_VALUE ...]",
                                topic);
                        need((n - 3) % 2 == 0, "new header `" + ops.getLast() + "` has no value", topic);
                    }
                    case DELETE -> {
                        if (clear) {
                            need(n == 1, "tmscli -d --actionheaders POLICY --clear", topic);
                        } else {
                            need(n == 2, "tmscli -d --actionheaders POLICY MATCH_HEADER (or POLICY --clear)", topic);
                        }
                    }
                    case GET -> need(n == 1, "tmscli -g --actionheaders POLICY|all", topic);
                    case FORCE -> throw new IllegalStateException();
                }
            }
            case FEATURES -> {
                switch (action) {
                    case ADD, MODIFY ->
                        need(
                                n == 3,
                                "tmscli " + action.flag() + " --features NAMESPACE|global" + " FEATURE VALUE",
                                topic);
                    case DELETE -> need(n == 1 || n == 2, "tmscli -d --features NAMESPACE|global [FEATURE]", topic);
                    case GET -> need(n == 1 || n == 2, "tmscli -g --features NAMESPACE|global|list [FEATURE]", topic);
                    case FORCE -> throw new IllegalStateException();
                }
            }
            case METADATA -> {
                switch (action) {
                    case ADD, MODIFY -> need(n == 3, "tmscli " + action.flag() + " --metadata OBJECT KEY VALUE", topic);
                    case DELETE -> need(n == 1 || n == 2, "tmscli -d --metadata OBJECT [KEY]", topic);
                    case GET -> need(n == 1, "tmscli -g --metadata OBJECT|list", topic);
                    case FORCE -> throw new IllegalStateException();
                }
            }
            case SEARCH -> need(n == 1, "tmscli -g --search PATTERN", topic);
            case DEL_LOOKUP -> need(n == 1, "tmscli -d --del-lookup PATTERN", topic);
            case FLUSHDB -> need(n == 0, "tmscli -d --flushdb (asks) or tmscli -f --flushdb (no question)", topic);
            case RESYNC -> need(n == 0, "tmscli -a --resync", topic);
            case REMOTE -> need(n == 1, "tmscli -a --remote HOST[:PORT] (or a redis:// URL)", topic);
        }
    }

    private static void need(boolean condition, String message, String topic) {
        if (!condition) {
            throw new UsageException(message, topic);
        }
    }

    private static UsageException unknownOption(String a) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<String> known = new ArrayList<>();
        for (Family f : Family.values()) {
            known.add(f.flag());
        }
        for (OptionSpec o : CommandModel.GLOBAL_OPTIONS) {
            known.addAll(o.names());
        }
        known.add("--remove");
        known.add("--clear");
        known.add("--help");
        for (String k : known) {
            int d = Suggest.distance(a, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        String hint = best != null && bestDistance <= 3 ? "; did you mean `" + best + "`?" : "";
        return new UsageException("unknown option `" + a + "`" + hint);
    }

    private static Invocation parseSubcommand(Subcommand sub, List<String> args) {
        if (sub.name().equals("lint")) {
            return new Invocation.Lint(args);
        }
        if (sub.name().equals("fmt")) {
            return new Invocation.Fmt(args);
        }
        List<String> positionals = new ArrayList<>();
        java.util.Map<String, String> opts = new java.util.HashMap<>();
        boolean literal = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!literal && a.equals("--")) {
                literal = true;
                continue;
            }
            if (!literal && CommandModel.HELP.matches(a)) {
                return new Invocation.Help(sub.name());
            }
            if (!literal && a.startsWith("--")) {
                String name = a;
                @Nullable String inline = null;
                int eq = a.indexOf('=');
                if (eq > 2) {
                    name = a.substring(0, eq);
                    inline = a.substring(eq + 1);
                }
                final String n = name;
                OptionSpec o = sub.options().stream()
                        .filter(s -> s.matches(n))
                        .findFirst()
                        .orElseThrow(() -> new UsageException(
                                "unknown option `" + n + "` for " + sub.name() + "; usage: tmscli " + sub.synopsis(),
                                sub.name()));
                String value = "true";
                if (o.takesValue()) {
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException("option " + o.name() + " needs a value", sub.name());
                    }
                }
                opts.put(o.name(), value);
                continue;
            }
            positionals.add(a);
        }
        int max = sub.repeatLast() ? Integer.MAX_VALUE : sub.positionals().size();
        if (sub.name().equals("override") && opts.containsKey("--remove")) {
            max = 2;
        }
        if (positionals.size() < sub.minPositionals() || positionals.size() > max) {
            throw new UsageException("usage: tmscli " + sub.synopsis(), sub.name());
        }
        return switch (sub.name()) {
            case "push" -> new Invocation.Push(positionals, opts.containsKey("--dry-run"));
            case "export" -> new Invocation.Export();
            case "diff" -> new Invocation.Diff(positionals);
            case "shell" -> new Invocation.Shell();
            case "completion" -> {
                String shell = positionals.getFirst();
                if (!shell.equals("bash")) {
                    throw new UsageException("only `bash` completion is generated; usage: tmscli completion bash");
                }
                yield new Invocation.Completion(shell);
            }
            case "help" -> new Invocation.Help(positionals.isEmpty() ? null : positionals.getFirst());
            case "version" -> new Invocation.Version();
            case "usage" -> new Invocation.Usage(positionals.getFirst());
            case "blocked" -> new Invocation.Blocked();
            case "unblock" -> new Invocation.Unblock(positionals.getFirst());
            case "reset" -> new Invocation.Reset(positionals.getFirst(), opts.get("--policy"));
            case "override" -> {
                if (opts.containsKey("--remove")) {
                    if (positionals.size() != 2) {
                        throw new UsageException("usage: tmscli override --remove OBJECT POLICY", "override");
                    }
                    yield new Invocation.OverrideRemove(positionals.get(0), positionals.get(1));
                }
                if (positionals.size() != 3) {
                    throw new UsageException("usage: tmscli " + sub.synopsis(), "override");
                }
                yield new Invocation.OverrideSet(positionals.get(0), positionals.get(1), positionals.get(2));
            }
            case "overrides" -> new Invocation.OverrideList(positionals.isEmpty() ? null : positionals.getFirst());
            case "monitor" -> {
                String last = opts.getOrDefault("--last", "60s");
                yield new Invocation.Monitor(opts.get("--policy"), parseDuration(last), opts.containsKey("--table"));
            }
            default -> throw new IllegalStateException("unhandled subcommand " + sub.name());
        };
    }

    /** Only the global options of a possibly incomplete command line (for completion). */
    public static GlobalOptions optionsOf(List<String> args) {
        Globals g = new Globals();
        for (int i = 0; i < args.size(); i++) {
            Optional<OptionSpec> o = CommandModel.globalOption(args.get(i));
            if (o.isPresent()) {
                if (o.get().takesValue()) {
                    if (i + 1 >= args.size()) {
                        break;
                    }
                    g.set(o.get(), args.get(++i));
                } else {
                    g.set(o.get(), "");
                }
            }
        }
        return g.build();
    }

    /** {@code 90}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d} → seconds. */
    public static long parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3600;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d")) {
            unit = 86400;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v <= 0 || v > 366L * 86400 / unit) {
                throw new NumberFormatException();
            }
            return v * unit;
        } catch (NumberFormatException e) {
            throw new UsageException("bad duration `" + text + "`: use e.g. 60s, 10m, 2h or 1d");
        }
    }

    private static final class Globals {
        boolean json;
        boolean debug;

        @Nullable
        String redis;

        @Nullable
        String user;

        @Nullable
        String password;

        boolean tls;

        @Nullable
        String trustStore;

        @Nullable
        String trustStorePassword;

        @Nullable
        String prefix;

        @Nullable
        String config;

        void set(OptionSpec o, String value) {
            switch (o.name()) {
                case "--json" -> json = true;
                case "--debug" -> debug = true;
                case "--redis" -> redis = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--tls" -> tls = true;
                case "--truststore" -> trustStore = value;
                case "--truststore-password" -> trustStorePassword = value;
                case "--prefix" -> prefix = value;
                case "--config" -> config = value;
                default -> throw new IllegalStateException("unhandled option " + o.name());
            }
        }

        GlobalOptions build() {
            return new GlobalOptions(
                    json, debug, redis, user, password, tls, trustStore, trustStorePassword, prefix, config);
        }
    }
}
