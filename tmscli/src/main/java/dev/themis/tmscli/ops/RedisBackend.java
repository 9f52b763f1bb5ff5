package dev.themis.tmscli.ops;

import dev.themis.tmscli.settings.ConnectionSettings;

/** The backend over the runtime's Redis stores. */
public final class RedisBackend {
    private RedisBackend() {}

    public static Backend open(ConnectionSettings settings) {
        throw new StoreException(
                "the Redis configuration store is not part of this build yet (" + settings.redactedUrl() + ")");
    }
}
