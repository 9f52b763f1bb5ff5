package dev.themis.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.runtime.monitor.MonitorUpdate;
import dev.themis.runtime.testing.FreePorts;
import dev.themis.runtime.testing.RedisServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

    @Test
    void monitoringCountsOfMessagesWithNothingToCheckAreWrittenWithinASecond() throws Exception {
        MonitorUpdate u = new MonitorUpdate("themis:{m:all}:mps:1800000000", "7", 1, 1_800_000_000L + 3600);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            // no steps: answered at once, without a round trip
            assertThat(limiter.acquire(new LimitRequest(List.of(), T0, false, List.of(u)))
                            .results())
                    .isEmpty();
        }
        String count = null;
        while (System.nanoTime() - t0 < 5_000_000_000L && count == null) {
            count = client.hget(u.key(), u.field());
            Thread.sleep(50);
        }
        assertThat(count).as("the five counts, merged into one write").isEqualTo("5");
        assertThat(client.ttl(u.key())).isPositive();
    }

    @Test
    void aMessageWithNothingToCheckIsAnsweredEvenWhenRedisIsDown() {
        try (RedisClient dead = RedisClient.builder()
                        .hostAndPort("127.0.0.1", FreePorts.next(false))
                        .build();
                RedisLimiter l = new RedisLimiter(dead, "themis:", 86_400)) {
            MonitorUpdate u = new MonitorUpdate("themis:{m:all}:mps:1800000000", "7", 1, 1_800_000_000L + 3600);
            assertThat(l.acquire(new LimitRequest(List.of(), T0, false, List.of(u)))
                            .results())
                    .isEmpty();
            assertThatThrownBy(() -> l.acquire(List.of(step("p", "x@example.com", "1:60")), T0))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }
}
