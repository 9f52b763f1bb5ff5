package dev.themis.runtime;

import java.util.Objects;

/** One message header as the MTA passed it (name without colon, value without the leading space). */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
