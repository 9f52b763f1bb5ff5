package dev.themis.runtime;

/** Redis mode of {@link ThemisRuntime}. */
final class RedisMode {
    private RedisMode() {}

    static ThemisRuntime start(RuntimeSettings settings, StoreSettings.Redis redis) {
        throw new UnsupportedOperationException("Redis mode lands next; use the embedded store for now");
    }
}
