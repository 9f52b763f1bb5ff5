package dev.themis.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.runtime.testing.RedisClusterNodes;
import dev.themis.runtime.testing.RedisServer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

class RedisConnectionTest {

    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    @RegisterExtension
    static final RedisClusterNodes cluster = RedisClusterNodes.create();

    @RegisterExtension
    static final RedisServer tls =
            RedisServer.builder().tls().password("tls-pw").build();

    @Test
    void tlsWithATrustStoreAndPassword() {
        RedisSettings settings = RedisSettings.parse(tls.uri());
        assertThat(settings.tls()).isTrue();
        assertThat(settings.trustStore()).isEqualTo(tls.trustStore());
        try (RedisConnection connection = RedisConnection.open(settings)) {
            connection.client().set("themis:tls", "yes");
            assertThat(tls.redisCli("GET", "themis:tls")).isEqualTo("yes");
        }
        RedisSettings plain = RedisSettings.parse("redis://:tls-pw@" + tls.hostAndPort() + "?timeout=300ms");
        try (RedisConnection connection = RedisConnection.open(plain)) {
            assertThatThrownBy(() -> connection.client().ping()).isInstanceOf(JedisException.class);
        }
    }

    @Test
    void standaloneFromUrl() {
        try (RedisConnection connection = RedisConnection.open(RedisSettings.parse(redis.uri()))) {
            connection.client().set("themis:t", "1");
            assertThat(redis.call("GET", "themis:t")).isEqualTo("1");
            assertThat(connection.masters()).containsExactly(HostPort.parse(redis.hostAndPort(), 0));
        }
    }

    @Test
    void aclUserAndDatabase() {
        redis.call("ACL", "SETUSER", "milter", "on", ">milter-pw", "~themis:*", "+@all");
        RedisSettings settings = RedisSettings.parse("redis://milter:milter-pw@" + redis.hostAndPort() + "/2");
        try (RedisConnection connection = RedisConnection.open(settings)) {
            connection.client().set("themis:db2", "x");
            assertThat(connection.client().get("themis:db2")).isEqualTo("x");
            assertThatThrownBy(() -> connection.client().set("other", "x")).hasMessageContaining("NOPERM");
        }
        assertThat(redis.call("GET", "themis:db2")).isNull(); // database 0
        assertThat(redis.redisCli("-n", "2", "GET", "themis:db2")).isEqualTo("x");
        RedisSettings wrong = RedisSettings.parse("redis://milter:wrong@" + redis.hostAndPort());
        try (RedisConnection connection = RedisConnection.open(wrong)) {
            assertThatThrownBy(() -> connection.client().ping()).isInstanceOf(JedisException.class);
        }
    }

    @Test
    void everyCallHasADeadline() {
        RedisSettings settings = RedisSettings.parse(redis.uri() + "?timeout=300ms");
        try (RedisConnection connection = RedisConnection.open(settings)) {
            connection.client().ping();
            redis.suspend();
            try {
                assertThatThrownBy(() -> connection.client().get("themis:x"))
                        .isInstanceOf(JedisConnectionException.class);
            } finally {
                redis.resume();
            }
            assertThat(connection.client().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void clusterRoutesByTagAndListsMasters() {
        try (RedisConnection connection = RedisConnection.open(RedisSettings.parse(cluster.uri()))) {
            for (int i = 0; i < 20; i++) {
                connection.client().set("themis:{o:u" + i + "}:meta", "v" + i);
            }
            assertThat(connection.masters()).hasSize(3);
            Set<HostPort> owners = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String key = "themis:{o:u" + i + "}:meta";
                HostPort owner = connection.ownerOf(key);
                owners.add(owner);
                assertThat(owner.port()).isEqualTo(cluster.masterFor(key).port());
            }
            assertThat(owners).hasSize(3);
            assertThat(connection.keyspaceChannel("themis:{cfg}:version"))
                    .isEqualTo("__keyspace@0__:themis:{cfg}:version");
        }
    }

    @Test
    void parsesClusterNodesOutput() {
        String nodes = """
                07c3 127.0.0.1:30004@40004 slave e7d1 0 1426238317239 4 connected
                67ed 127.0.0.1:30002@40002 master - 0 1426238316232 2 connected 5461-10922
                292f 127.0.0.1:30003@40003 master,fail - 0 1426238318243 3 disconnected 10923-16383
                e7d1 127.0.0.1:30001@40001,host1 myself,master - 0 0 1 connected 0-5460
                aaaa 127.0.0.1:30009@40009 master - 0 0 9 connected
                """;
        assertThat(RedisConnection.parseClusterMasters(nodes))
                .containsExactly(new HostPort("127.0.0.1", 30002), new HostPort("127.0.0.1", 30001));
    }

    @Test
    void unreachableClusterFailsFast() {
        RedisSettings settings = RedisSettings.parse("redis-cluster://127.0.0.1:1?timeout=200ms");
        assertThatThrownBy(() -> RedisConnection.open(settings)).isInstanceOf(JedisException.class);
    }
}
