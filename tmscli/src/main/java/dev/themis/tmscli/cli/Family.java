package dev.themis.tmscli.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The object flag of the original command line ({@code --policy}, {@code --group}, ...). */
public enum Family {
    POLICY(
            "--policy",
            EnumSet.of(Action.ADD, Action.DELETE, Action.MODIFY, Action.GET),
            List.of(ArgKind.POLICY, ArgKind.ATTRIBUTES),
            "policy",
            "rate-limit rules"),
    GROUP(
            "--group",
            EnumSet.of(Action.ADD, Action.DELETE, Action.MODIFY, Action.GET),
            List.of(ArgKind.GROUP, ArgKind.MEMBERS),
            "group",
            "named sets of addresses, domains and networks"),
    POOL(
            "--pool",
            EnumSet.of(Action.ADD, Action.DELETE, Action.MODIFY, Action.GET),
            List.of(ArgKind.POOL, ArgKind.SERVERS),
            "pool",
            "named sets of MTA host names"),
    ACTIONHEADERS(
            "--actionheaders",
            EnumSet.of(Action.ADD, Action.DELETE, Action.MODIFY, Action.GET),
            List.of(ArgKind.POLICY, ArgKind.HEADER, ArgKind.TEXT, ArgKind.TEXT),
            "actionheaders",
            "headers added when a header matches a regular expression"),
    FEATURES(
            "--features",
            EnumSet.of(Action.ADD, Action.DELETE, Action.MODIFY, Action.GET),
            List.of(ArgKind.NAMESPACE, ArgKind.FEATURE_KEY, ArgKind.TEXT),
            "features",
            "global and per-pool settings"),
    METADATA(
            "--metadata",
            EnumSet.of(Action.ADD, Action.DELETE, Action.MODIFY, Action.GET),
            List.of(ArgKind.OBJECT, ArgKind.METADATA_KEY, ArgKind.TEXT),
            "metadata",
            "per-object state: bypass, manual_block, ..."),
    SEARCH("--search", EnumSet.of(Action.GET), List.of(ArgKind.PATTERN), "search", "find Themis keys (SCAN)"),
    DEL_LOOKUP(
            "--del-lookup",
            EnumSet.of(Action.DELETE),
            List.of(ArgKind.PATTERN),
            "search",
            "delete Themis keys matching a pattern (SCAN)"),
    FLUSHDB(
            "--flushdb",
            EnumSet.of(Action.DELETE, Action.FORCE),
            List.of(),
            "flushdb",
            "delete every Themis key (only Themis keys)"),
    RESYNC("--resync", EnumSet.of(Action.ADD), List.of(), "resync", "ask every themisd to reload the configuration"),
    REMOTE(
            "--remote",
            EnumSet.of(Action.ADD),
            List.of(ArgKind.HOST),
            "remote",
            "remember a Redis host in ~/.tmscli.yaml");

    private final String flag;
    private final Set<Action> actions;
    private final List<ArgKind> operands;
    private final String topic;
    private final String description;

    Family(String flag, Set<Action> actions, List<ArgKind> operands, String topic, String description) {
        this.flag = flag;
        this.actions = Set.copyOf(actions);
        this.operands = operands;
        this.topic = topic;
        this.description = description;
    }

    public String flag() {
        return flag;
    }

    public Set<Action> actions() {
        return actions;
    }

    /** The kinds of the operands, in order; the last one repeats. */
    public List<ArgKind> operands() {
        return operands;
    }

    public String topic() {
        return topic;
    }

    public String description() {
        return description;
    }

    /** The statement keyword of the policy language, for families that are statements. */
    public Optional<String> keyword() {
        return switch (this) {
            case POLICY -> Optional.of("policy");
            case GROUP -> Optional.of("group");
            case POOL -> Optional.of("pool");
            case ACTIONHEADERS -> Optional.of("actionheaders");
            case FEATURES -> Optional.of("features");
            case METADATA -> Optional.of("metadata");
            case SEARCH, DEL_LOOKUP, FLUSHDB, RESYNC, REMOTE -> Optional.empty();
        };
    }

    public static Optional<Family> ofFlag(String arg) {
        for (Family f : values()) {
            if (f.flag.equals(arg)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
