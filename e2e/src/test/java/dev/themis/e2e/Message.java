package dev.themis.e2e;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message to submit.
 *
 * @param from envelope sender ({@code ""} for the null sender)
 * @param to envelope recipients
 * @param headers extra header lines, {@code Name: value}
 * @param authUser SASL login (swaks {@code --auth PLAIN}); null for no AUTH
 * @param authPassword its password
 * @param helo HELO name; null for swaks' default
 */
public record Message(
        String from,
        List<String> to,
        List<String> headers,
        @Nullable String authUser,
        @Nullable String authPassword,
        @Nullable String helo) {
    public Message {
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        headers = List.copyOf(headers);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a message needs a recipient");
        }
    }

    public static Message of(String from, String... to) {
        return new Message(from, List.of(to), List.of(), null, null, null);
    }

    public Message withHeader(String line) {
        var h = new java.util.ArrayList<>(headers);
        h.add(line);
        return new Message(from, to, h, authUser, authPassword, helo);
    }

    public Message authenticatedAs(String user, String password) {
        return new Message(from, to, headers, user, password, helo);
    }

    public Message withHelo(String name) {
        return new Message(from, to, headers, authUser, authPassword, name);
    }
}
