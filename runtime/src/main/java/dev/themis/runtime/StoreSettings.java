package dev.themis.runtime;

import dev.themis.runtime.redis.RedisSettings;
import java.nio.file.Path;
import java.util.List;

/** Where configuration and counters live. */
public sealed interface StoreSettings {

    /** No Redis: policies from {@code .tms} files (watched for changes), counters in memory. */
    record Embedded(List<Path> policyFiles) implements StoreSettings {
        public Embedded {
            policyFiles = List.copyOf(policyFiles);
        }
    }

    /** Configuration and counters in Redis, shared by every themisd. */
    record Redis(RedisSettings redis) implements StoreSettings {}
}
