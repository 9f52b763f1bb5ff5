package dev.themis.e2e;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMTP session run with swaks, as the client saw it.
 *
 * @param exitCode swaks' exit code: 0 accepted, 23 refused at MAIL, 24 no recipient accepted, 25
 *     refused at DATA, 26 refused after the message, 28 AUTH failed
 * @param transcript the session ({@code ->} sent, {@code <-} replies, {@code <**} error replies)
 */
public record SmtpResult(int exitCode, String transcript) {
    private static final Pattern QUEUED = Pattern.compile("<-\\s+250 .*queued as ([0-9A-Za-z]+)");
    private static final Pattern ERROR = Pattern.compile("(?m)^<\\*\\*\\s+(.*)$");

    public boolean accepted() {
        return exitCode == 0 && queueId().isPresent();
    }

    /** The Postfix queue id from {@code 250 2.0.0 Ok: queued as ...}. */
    public Optional<String> queueId() {
        Matcher m = QUEUED.matcher(transcript);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first error reply the server gave, e.g. {@code 550 5.7.1 Limit reached...}; empty if none. */
    public String errorReply() {
        Matcher m = ERROR.matcher(transcript);
        return m.find() ? m.group(1).strip() : "";
    }

    @Override
    public String toString() {
        return "swaks exit " + exitCode + "\n" + transcript;
    }
}
