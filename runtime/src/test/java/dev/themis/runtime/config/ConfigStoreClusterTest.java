package dev.themis.runtime.config;

import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.testing.RedisClusterNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfigStoreClusterTest extends ConfigStoreContract {

    @RegisterExtension
    static final RedisClusterNodes cluster = RedisClusterNodes.create();

    private static RedisConnection connection;

    @BeforeAll
    static void connect() {
        connection = RedisConnection.open(cluster.settings());
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
