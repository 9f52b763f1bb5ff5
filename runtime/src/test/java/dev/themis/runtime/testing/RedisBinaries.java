package dev.themis.runtime.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Finds {@code redis-server} and {@code redis-cli}; a missing binary is a clear test failure. */
final class RedisBinaries {

    private RedisBinaries() {}

    static Path redisServer() {
        return find("redis-server", "THEMIS_REDIS_SERVER", "themis.redis.server", "redis-server");
    }

    static Path redisCli() {
        return find("redis-cli", "THEMIS_REDIS_CLI", "themis.redis.cli", "redis-tools");
    }

    static boolean hasRedisServer() {
        return locate("redis-server", "THEMIS_REDIS_SERVER", "themis.redis.server") != null;
    }

    private static Path find(String name, String env, String property, String debianPackage) {
        Path found = locate(name, env, property);
        String explicit = explicit(env, property);
        if (found == null && explicit != null) {
            throw new IllegalStateException(env + " / -D" + property + " names `" + explicit
                    + "`, which is not an executable " + name + "; the Redis integration tests need a real one.");
        }
        if (found == null) {
            throw new IllegalStateException(name + " was not found on PATH; the Redis integration tests need a real "
                    + name + ". Install it (Debian: apt-get install -y " + debianPackage
                    + ", or run .ci/install-tools) or point the environment variable " + env
                    + " (or the system property " + property + ") at the binary.");
        }
        return found;
    }

    private static @Nullable String explicit(String env, String property) {
        String explicit = System.getProperty(property);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(env);
        }
        return explicit == null || explicit.isBlank() ? null : explicit;
    }

    private static @Nullable Path locate(String name, String env, String property) {
        String explicit = explicit(env, property);
        if (explicit != null) {
            Path path = Path.of(explicit);
            return Files.isExecutable(path) ? path : null;
        }
        String pathVariable = System.getenv("PATH");
        String searchPath = (pathVariable == null ? "" : pathVariable) + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/local/bin" + File.pathSeparator + "/usr/sbin";
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
