package dev.themis.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerTest {

    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    @RegisterExtension
    final RedisServer noConfig =
            RedisServer.builder().config("rename-command CONFIG \"\"").build();

    @Test
    void answersOnLoopbackAndPersistsNothing() {
        assertThat(redis.call("PING")).isEqualTo("PONG");
        assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
        assertThat(redis.redisCli("CONFIG", "GET", "save")).isEqualTo("save");
        assertThat(redis.redisCli("CONFIG", "GET", "appendonly")).isEqualTo("appendonly\nno");
        assertThat(redis.redisCli("CONFIG", "GET", "bind")).isEqualTo("bind\n127.0.0.1");
    }

    @Test
    void restartsOnTheSamePortWithoutData() {
        int port = redis.port();
        long pid = redis.pid();
        redis.call("SET", "themis:k", "v");

        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertThat(canConnect(port)).isFalse();

        redis.start();
        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.pid()).isNotEqualTo(pid);
        assertThat(redis.call("GET", "themis:k")).isNull();
    }

    @Test
    void aSuspendedServerAcceptsConnectionsButDoesNotAnswer() {
        redis.suspend();
        try {
            assertThatThrownBy(() -> redis.callWithin(Duration.ofMillis(300), "PING"))
                    .hasMessageContaining("cannot talk to redis-server");
        } finally {
            redis.resume();
        }
        assertThat(redis.call("PING")).isEqualTo("PONG");
    }

    @Test
    void extraConfigurationLinesApply() {
        assertThat(noConfig.port()).isNotEqualTo(redis.port());
        assertThatThrownBy(() -> noConfig.call("CONFIG", "SET", "notify-keyspace-events", "KEA"))
                .hasMessageContaining("unknown command");
    }

    @Test
    void aPasswordIsRequiredWhenConfigured() {
        try (RedisServer secured = RedisServer.builder().password("s3cret").build()) {
            secured.start();
            assertThat(secured.uri()).isEqualTo("redis://:s3cret@127.0.0.1:" + secured.port());
            assertThat(secured.call("PING")).isEqualTo("PONG");
            assertThat(secured.redisCli("PING")).isEqualTo("PONG");
            assertThat(secured.settings().password()).isEqualTo("s3cret");
        }
    }

    @Test
    void aMissingBinaryFailsWithAClearMessage() {
        System.setProperty("themis.redis.server", "/nonexistent/redis-server");
        try (RedisServer missing = RedisServer.builder().port(1).build()) {
            assertThatThrownBy(missing::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("`/nonexistent/redis-server`, which is not an executable redis-server");
        } finally {
            System.clearProperty("themis.redis.server");
        }
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
