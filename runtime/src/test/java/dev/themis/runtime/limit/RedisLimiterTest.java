package dev.themis.runtime.limit;

import dev.themis.runtime.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

class RedisLimiterTest extends LimiterContract {
    @RegisterExtension
    static final RedisServer server = RedisServer.create();

    private static RedisClient client;
    private static RedisLimiter limiter;

    @BeforeAll
    static void start() {
        client = RedisClient.builder().hostAndPort(server.host(), server.port()).build();
        limiter = new RedisLimiter(client, "themis:", 86_400);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @BeforeEach
    void flush() {
        client.flushAll();
    }

    @Override
    Limiter limiter() {
        return limiter;
    }

    @Override
    void putMetadata(String object, String field, String value) {
        client.hset(new CounterKeys("themis:").metadata(object), field, value);
    }

    @Override
    long unitsHeld(String policy, String object) {
        return client.zcard(new CounterKeys("themis:").counter(policy, object));
    }
}
