package dev.themis.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterNodesTest {

    @RegisterExtension
    static final RedisClusterNodes cluster = RedisClusterNodes.create();

    @Test
    void threeMastersShareAllSlots() {
        assertThat(cluster.nodes()).hasSize(3);
        assertThat(cluster.masters()).hasSize(3);
        for (RedisServer node : cluster.nodes()) {
            assertThat(node.callText("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_slots_assigned:16384");
        }
        assertThat(cluster.uri()).startsWith("redis-cluster://127.0.0.1:");
    }

    @Test
    void keysWithDifferentTagsLandOnDifferentMastersAndOneTagOnOne() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            ports.add(cluster.masterFor("themis:{o:user" + i + "}:meta").port());
        }
        assertThat(ports).hasSize(3);
        assertThat(cluster.masterFor("themis:{cfg}:version")).isSameAs(cluster.masterFor("themis:{cfg}:statements"));
    }

    @Test
    void aSlotMovesWithItsKeys() {
        String key = "themis:{cfg}:version";
        int slot = cluster.slotOf(key);
        RedisServer owner = cluster.masterFor(key);
        owner.call("SET", key, "7");
        RedisServer target =
                cluster.masters().stream().filter(n -> n != owner).findFirst().orElseThrow();

        cluster.moveSlot(slot, target);

        assertThat(cluster.masterFor(key)).isSameAs(target);
        assertThat(target.call("GET", key)).isEqualTo("7");
    }
}
