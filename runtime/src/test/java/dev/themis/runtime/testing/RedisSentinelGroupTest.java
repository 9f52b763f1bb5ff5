package dev.themis.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisSentinelGroupTest {

    @RegisterExtension
    static final RedisSentinelGroup sentinel = RedisSentinelGroup.create();

    @Test
    void sentinelNamesTheMasterAndFailsOver() {
        RedisServer master = sentinel.currentMaster();
        assertThat(master).isSameAs(sentinel.dataNodes().getFirst());
        assertThat(sentinel.uri())
                .isEqualTo("redis-sentinel://themis@"
                        + sentinel.sentinels().getFirst().hostAndPort());

        RedisServer promoted = sentinel.failover();

        assertThat(promoted).isNotSameAs(master);
        assertThat(sentinel.currentMaster()).isSameAs(promoted);
        assertThat(promoted.callText("INFO", "replication")).contains("role:master");
    }
}
