package dev.themis.tmscli.cli;

import java.util.List;
import java.util.Optional;

/**
 * The whole command surface of tmscli as data: the original flags, our own subcommands, global
 * options and help topics. The parser, the help texts, the shell's TAB completion and the generated
 * bash completion script all read this one model, so they cannot disagree.
 */
public final class CommandModel {
    private CommandModel() {}

    public static final OptionSpec JSON = OptionSpec.flag("--json", "compact JSON output (one line)");
    public static final OptionSpec DEBUG =
            OptionSpec.flag("--debug", "explain what happens: configuration files read, Redis URL, stack traces");
    public static final OptionSpec REDIS = OptionSpec.valued(
            "--redis", ArgKind.URL, "Redis URL: redis://[user:pass@]host:port[/db], rediss://, redis-cluster://...");
    public static final OptionSpec USER = OptionSpec.valued("--user", ArgKind.TEXT, "Redis ACL user");
    public static final OptionSpec PASSWORD =
            OptionSpec.valued("--password", ArgKind.TEXT, "Redis password (or environment THEMIS_REDISPASSWD)");
    public static final OptionSpec TLS = OptionSpec.flag("--tls", "connect to Redis with TLS");
    public static final OptionSpec TRUSTSTORE =
            OptionSpec.valued("--truststore", ArgKind.FILE, "PKCS12 trust store for TLS");
    public static final OptionSpec TRUSTSTORE_PASSWORD =
            OptionSpec.valued("--truststore-password", ArgKind.TEXT, "password of the trust store");
    public static final OptionSpec PREFIX =
            OptionSpec.valued("--prefix", ArgKind.TEXT, "key prefix of every Themis key (default themis:)");
    public static final OptionSpec CONFIG =
            OptionSpec.valued("--config", ArgKind.FILE, "configuration file (instead of THEMIS_CFG / discovery)");
    public static final OptionSpec HELP = OptionSpec.flag("--help", "-h", "help, optionally on a topic");
    public static final OptionSpec VERSION = OptionSpec.flag("--version", "-V", "print the version");

    /** Options valid anywhere on the command line. */
    public static final List<OptionSpec> GLOBAL_OPTIONS =
            List.of(JSON, DEBUG, REDIS, USER, PASSWORD, TLS, TRUSTSTORE, TRUSTSTORE_PASSWORD, PREFIX, CONFIG);

    public static final OptionSpec REMOVE = OptionSpec.flag("--remove", "remove the given members instead of adding");
    public static final OptionSpec CLEAR = OptionSpec.flag("--clear", "delete every action header of the policy");

    /** Switches of the original command line that modify a family. */
    public static final List<OptionSpec> LEGACY_SWITCHES = List.of(REMOVE, CLEAR);

    public static final OptionSpec DRY_RUN = OptionSpec.flag("--dry-run", "print what would change, change nothing");
    public static final OptionSpec FORMAT = OptionSpec.valued("--format", ArgKind.FORMAT, "human or json");
    public static final OptionSpec CHECK = OptionSpec.flag("--check", "exit 1 when a file is not formatted");
    public static final OptionSpec POLICY_OPT = OptionSpec.valued("--policy", ArgKind.POLICY, "only this policy");
    public static final OptionSpec LAST =
            OptionSpec.valued("--last", ArgKind.DURATION, "how far back (e.g. 60s, 10m, 2h)");
    public static final OptionSpec TABLE = OptionSpec.flag("--table", "a plain table instead of JSON");
    public static final OptionSpec REMOVE_OVERRIDE = OptionSpec.flag("--remove", "remove the override");

    public static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand(
                    "push",
                    "push [--dry-run] FILE...",
                    "replace the stored configuration with these .tms files, atomically",
                    List.of(DRY_RUN),
                    List.of(ArgKind.FILE),
                    1,
                    true),
            new Subcommand(
                    "export",
                    "export",
                    "print the stored configuration as canonical .tms",
                    List.of(),
                    List.of(),
                    0,
                    false),
            new Subcommand(
                    "diff",
                    "diff FILE...",
                    "what push would change: added, removed and modified statements",
                    List.of(),
                    List.of(ArgKind.FILE),
                    1,
                    true),
            new Subcommand(
                    "lint",
                    "lint [--format human|json] FILE...",
                    "check .tms files: errors and warnings with codes",
                    List.of(FORMAT),
                    List.of(ArgKind.FILE),
                    1,
                    true),
            new Subcommand(
                    "fmt",
                    "fmt [--check] FILE...",
                    "rewrite .tms files in canonical form",
                    List.of(CHECK),
                    List.of(ArgKind.FILE),
                    1,
                    true),
            new Subcommand(
                    "shell", "shell", "interactive shell with completion and history", List.of(), List.of(), 0, false),
            new Subcommand(
                    "usage",
                    "usage OBJECT",
                    "usage, remaining quota and reset time of one object for every policy",
                    List.of(),
                    List.of(ArgKind.OBJECT),
                    1,
                    false),
            new Subcommand("blocked", "blocked", "list the objects blocked now", List.of(), List.of(), 0, false),
            new Subcommand(
                    "unblock",
                    "unblock OBJECT",
                    "lift a manual block or a penalty block of one object",
                    List.of(),
                    List.of(ArgKind.OBJECT),
                    1,
                    false),
            new Subcommand(
                    "reset",
                    "reset [--policy NAME] OBJECT",
                    "forget the counters of one object (all policies or one)",
                    List.of(POLICY_OPT),
                    List.of(ArgKind.OBJECT),
                    1,
                    false),
            new Subcommand(
                    "override",
                    "override OBJECT POLICY JAILSPEC | override --remove OBJECT POLICY",
                    "give one object its own JailSpec for one policy",
                    List.of(REMOVE_OVERRIDE),
                    List.of(ArgKind.OBJECT, ArgKind.POLICY, ArgKind.JAILSPEC),
                    2,
                    false),
            new Subcommand(
                    "overrides",
                    "overrides [OBJECT]",
                    "list per-object limit overrides",
                    List.of(),
                    List.of(ArgKind.OBJECT),
                    0,
                    false),
            new Subcommand(
                    "monitor",
                    "monitor [--policy NAME] [--last DURATION] [--table]",
                    "messages per second, overall or for one policy with RequestsMon",
                    List.of(POLICY_OPT, LAST, TABLE),
                    List.of(),
                    0,
                    false),
            new Subcommand(
                    "completion",
                    "completion bash",
                    "print the bash completion script",
                    List.of(),
                    List.of(ArgKind.SHELL),
                    1,
                    false),
            new Subcommand(
                    "help", "help [TOPIC]", "help, optionally on a topic", List.of(), List.of(ArgKind.TOPIC), 0, false),
            new Subcommand("version", "version", "print the version", List.of(), List.of(), 0, false));

    /** Help topics: one per family of the original command line plus our own commands. */
    public static final List<String> TOPICS = List.of(
            "policy",
            "group",
            "pool",
            "actionheaders",
            "features",
            "metadata",
            "search",
            "flushdb",
            "resync",
            "remote",
            "push",
            "export",
            "diff",
            "lint",
            "fmt",
            "shell",
            "usage",
            "blocked",
            "override",
            "monitor",
            "connection",
            "exit-codes");

    /** Policy attributes in canonical spelling (spec section 4), in the order help lists them. */
    public static final List<String> POLICY_ATTRIBUTES = List.of(
            "Source",
            "Destination",
            "Enable",
            "Type",
            "Priority",
            "JailBy",
            "JailSpec",
            "JailAction",
            "ReplyData",
            "CountRCPT",
            "StopHere",
            "RequestsMon",
            "OnlyHeaders",
            "SPF",
            "SubjectProbation",
            "IpProbation",
            "BlockProbation",
            "CountSentProbation");

    public static final List<String> BOOLEANS = List.of("TRUE", "FALSE");

    /** The values an attribute takes when they are a closed set. */
    public static List<String> attributeValues(String attribute) {
        return switch (attribute.toLowerCase(java.util.Locale.ROOT)) {
            case "enable", "countrcpt", "stophere", "requestsmon", "onlyheaders", "spf" -> BOOLEANS;
            case "type" -> List.of("regular", "bypass", "bypass+");
            case "jailby" -> List.of("SASLUsername", "SenderIP", "Sender", "Sender+", "SenderDomain", "SenderDomain+");
            case "jailaction" -> List.of("block", "defer", "hold", "monitor");
            default -> List.of();
        };
    }

    /** Whether the attribute's value is a group name (or {@code any}, {@code !group}). */
    public static boolean takesGroup(String attribute) {
        String a = attribute.toLowerCase(java.util.Locale.ROOT);
        return a.equals("source") || a.equals("destination");
    }

    public static Optional<Subcommand> subcommand(String name) {
        return SUBCOMMANDS.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static Optional<OptionSpec> globalOption(String token) {
        return GLOBAL_OPTIONS.stream().filter(o -> o.matches(token)).findFirst();
    }
}
