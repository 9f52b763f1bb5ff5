package dev.themis.compiler.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The attributes of a {@code policy} statement (spec section 4) with their canonical spelling,
 * the kind of value, the default and a one-line description (used by {@code tmscli --help policy}).
 * Names are read case-insensitively.
 */
public enum PolicyAttribute {
    SOURCE("Source", Kind.GROUP_REF, null, "whose mail: a group, `any`, or `!group`"),
    DESTINATION("Destination", Kind.GROUP_REF, null, "to whom: a group, `any`, or `!group`"),
    ENABLE("Enable", Kind.BOOLEAN, "TRUE", "FALSE skips the policy"),
    TYPE(
            "Type",
            Kind.TYPE,
            "regular",
            "regular (rate limit), bypass (Source matches: accept), bypass+ (both match: accept)"),
    PRIORITY("Priority", Kind.INTEGER, "5", "lower runs first"),
    JAIL_BY(
            "JailBy",
            Kind.JAIL_BY,
            "Sender+",
            "the object counted: SASLUsername, SenderIP, Sender, Sender+, SenderDomain, SenderDomain+"),
    JAIL_SPEC(
            "JailSpec",
            Kind.JAIL_SPEC,
            "0:0",
            "N:S[;N:S...]: at most N messages in any S seconds; 0:0 uses global_conditions"),
    JAIL_ACTION(
            "JailAction",
            Kind.JAIL_ACTION,
            "monitor",
            "at the limit: block (550), defer (451), hold (hold queue), monitor (log)"),
    REPLY_DATA(
            "ReplyData",
            Kind.TEXT,
            Policy.DEFAULT_REPLY_DATA,
            "rejection text, at most 60 characters, at most one %s (seconds to wait)"),
    COUNT_RCPT("CountRCPT", Kind.BOOLEAN, "FALSE", "count each recipient as one message"),
    STOP_HERE("StopHere", Kind.BOOLEAN, "FALSE", "when Source and Destination matched, evaluate no later policy"),
    REQUESTS_MON("RequestsMon", Kind.BOOLEAN, "FALSE", "record this policy's messages per second"),
    ONLY_HEADERS("OnlyHeaders", Kind.BOOLEAN, "FALSE", "after applying the ActionHeaders, accept the message"),
    SPF("SPF", Kind.BOOLEAN, "FALSE", "check SPF; on fail apply the JailAction"),
    SUBJECT_PROBATION("SubjectProbation", Kind.HOURS, "0.5", "hours: window of the subject reputation feeder"),
    IP_PROBATION("IpProbation", Kind.HOURS, "0.5", "hours: window of the IP reputation feeder"),
    BLOCK_PROBATION("BlockProbation", Kind.HOURS, "0.5", "hours: window of the block reputation feeder"),
    COUNT_SENT_PROBATION("CountSentProbation", Kind.HOURS, "1", "hours: window of the sent-count feeder");

    /** The kind of value an attribute takes. */
    public enum Kind {
        GROUP_REF,
        BOOLEAN,
        TYPE,
        INTEGER,
        JAIL_BY,
        JAIL_SPEC,
        JAIL_ACTION,
        TEXT,
        HOURS
    }

    private final String spelling;
    private final Kind kind;
    private final @org.jspecify.annotations.Nullable String defaultValue;
    private final String description;

    PolicyAttribute(
            String spelling, Kind kind, @org.jspecify.annotations.Nullable String defaultValue, String description) {
        this.spelling = spelling;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** Canonical spelling, e.g. {@code JailSpec}. */
    public String spelling() {
        return spelling;
    }

    public Kind kind() {
        return kind;
    }

    /** The default in canonical spelling; empty for the required Source and Destination. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    private static final java.util.Map<String, PolicyAttribute> BY_NAME = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(a -> a.spelling.toLowerCase(Locale.ROOT), a -> a));

    /** The attribute named {@code name}, ignoring case. */
    public static Optional<PolicyAttribute> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
