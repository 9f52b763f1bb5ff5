package dev.themis.runtime.limit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.RedisClient;

class RedisLimiterTest extends LimiterContract {
    private static LocalRedis server;
    private static RedisClient client;
    private static RedisLimiter limiter;

    @BeforeAll
    static void start() throws Exception {
        server = LocalRedis.start();
        client = RedisClient.builder().hostAndPort("127.0.0.1", server.port()).build();
        limiter = new RedisLimiter(client, "themis:", 86_400);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
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
