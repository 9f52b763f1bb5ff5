package dev.themis.tmscli.cli;

import org.jspecify.annotations.Nullable;

/** The command line is wrong: one message for the user, exit status 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String topic;

    public UsageException(String message) {
        this(message, null);
    }

    /**
     * @param topic the help topic that explains the right form, or null
     */
    public UsageException(String message, @Nullable String topic) {
        super(message);
        this.topic = topic;
    }

    public @Nullable String topic() {
        return topic;
    }
}
