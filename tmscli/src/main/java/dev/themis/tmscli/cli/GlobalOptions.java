package dev.themis.tmscli.cli;

import org.jspecify.annotations.Nullable;

/** Options that may appear anywhere on the command line. */
public record GlobalOptions(
        boolean json,
        boolean debug,
        @Nullable String redisUrl,
        @Nullable String user,
        @Nullable String password,
        boolean tls,
        @Nullable String trustStore,
        @Nullable String trustStorePassword,
        @Nullable String prefix,
        @Nullable String config) {

    public static GlobalOptions none() {
        return new GlobalOptions(false, false, null, null, null, false, null, null, null, null);
    }
}
