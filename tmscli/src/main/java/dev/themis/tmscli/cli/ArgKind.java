package dev.themis.tmscli.cli;

/** What an argument of a command is; drives both parsing messages and completion. */
public enum ArgKind {
    /** a {@code .tms} file */
    FILE,
    /** a Redis URL such as {@code redis://host:6379/0} */
    URL,
    /** a host name or address */
    HOST,
    /** the name of a stored policy */
    POLICY,
    /** the name of a stored group */
    GROUP,
    /** the name of a stored pool */
    POOL,
    /** a rate-limited object: login, address, domain or IP */
    OBJECT,
    /** a help topic */
    TOPIC,
    /** a features namespace: {@code global} or a pool name */
    NAMESPACE,
    /** a feature key */
    FEATURE_KEY,
    /** a metadata key */
    METADATA_KEY,
    /** a key pattern with {@code *} and {@code ?} */
    PATTERN,
    /** free text */
    TEXT,
    /** a limit such as {@code 100:3600;1000:86400} */
    JAILSPEC,
    /** a shell name for completion scripts */
    SHELL,
    /** a duration such as {@code 10m} */
    DURATION,
    /** policy attribute/value pairs */
    ATTRIBUTES,
    /** group members */
    MEMBERS,
    /** pool servers */
    SERVERS,
    /** a header name */
    HEADER,
    /** an output format */
    FORMAT
}
