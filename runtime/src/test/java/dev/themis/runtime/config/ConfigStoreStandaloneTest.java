package dev.themis.runtime.config;

import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfigStoreStandaloneTest extends ConfigStoreContract {

    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    private static RedisConnection connection;

    @BeforeAll
    static void connect() {
        connection = RedisConnection.open(redis.settings());
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    @Override
    RedisConnection connection() {
        return connection;
    }
}
