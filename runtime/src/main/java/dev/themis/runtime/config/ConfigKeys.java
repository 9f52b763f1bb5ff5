package dev.themis.runtime.config;

import java.util.Objects;

/**
 * Key names of the configuration. Every key carries the hash tag {@code {cfg}}, so the whole
 * configuration lives in one Cluster slot and one script reads or writes it atomically.
 *
 * @param prefix the key prefix, e.g. {@code themis:}
 */
public record ConfigKeys(String prefix) {

    public ConfigKeys {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** {@code P{cfg}:version}: the configuration version (string integer; absent = 0). */
    public String version() {
        return prefix + "{cfg}:version";
    }

    /** {@code P{cfg}:statements}: hash of statement key → canonical statement text. */
    public String statements() {
        return prefix + "{cfg}:statements";
    }
}
