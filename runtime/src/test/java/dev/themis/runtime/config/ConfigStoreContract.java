package dev.themis.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.runtime.redis.RedisConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The configuration store's behaviour, run against standalone Redis and a three-master Cluster. */
abstract class ConfigStoreContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    abstract RedisConnection connection();

    ConfigStore store;

    @BeforeEach
    void freshPrefix() {
        // each test its own prefix: the servers live for the whole class
        store = new ConfigStore(connection().client(), "t" + PREFIXES.incrementAndGet() + ":");
    }

    @Test
    void anEmptyStoreIsVersionZero() {
        ConfigSnapshot snapshot = store.read();
        assertThat(snapshot.version()).isZero();
        assertThat(snapshot.statements()).isEmpty();
        assertThat(store.version()).isZero();
    }

    @Test
    void applyBumpsTheVersionOncePerWriteThatChangesSomething() {
        long v1 = store.apply(
                0,
                List.of(
                        new ConfigChange.Put("group:staff", "group staff @example.com"),
                        new ConfigChange.Put("policy:default", "policy default Source any Destination any")));
        assertThat(v1).isEqualTo(1);
        ConfigSnapshot snapshot = store.read();
        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(snapshot.statements())
                .containsExactly(
                        Map.entry("group:staff", "group staff @example.com"),
                        Map.entry("policy:default", "policy default Source any Destination any"));
        assertThat(snapshot.text()).isEqualTo("group staff @example.com\npolicy default Source any Destination any\n");

        long same = store.apply(1, List.of(new ConfigChange.Put("group:staff", "group staff @example.com")));
        assertThat(same).as("rewriting the same text changes nothing").isEqualTo(1);

        long v2 = store.apply(1, List.of(new ConfigChange.Delete("group:staff"), new ConfigChange.Delete("nope")));
        assertThat(v2).isEqualTo(2);
        assertThat(store.read().statements()).containsOnlyKeys("policy:default");
    }

    @Test
    void aStaleVersionIsAConflictAndWritesNothing() {
        store.apply(0, List.of(new ConfigChange.Put("policy:a", "policy a Source any Destination any")));
        assertThatThrownBy(() -> store.apply(
                        0,
                        List.of(
                                new ConfigChange.Put("policy:a", "policy a Source any Destination any Priority 1"),
                                new ConfigChange.Put("policy:b", "policy b Source any Destination any"))))
                .isInstanceOfSatisfying(ConfigConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isZero();
                    assertThat(e.actualVersion()).isEqualTo(1);
                })
                .hasMessageContaining("nothing was written");
        assertThat(store.read())
                .isEqualTo(ConfigSnapshot.of(1, Map.of("policy:a", "policy a Source any Destination any")));
    }

    @Test
    void replaceAllLandsWholeAndReportsTheDifference() {
        store.apply(
                0,
                List.of(
                        new ConfigChange.Put("group:old", "group old @old.example"),
                        new ConfigChange.Put("policy:p", "policy p Source any Destination any"),
                        new ConfigChange.Put("pool:mx", "pool mx mx1.example.com")));
        Map<String, String> file = new LinkedHashMap<>();
        file.put("policy:p", "policy p Source any Destination any Priority 2");
        file.put("pool:mx", "pool mx mx1.example.com");
        file.put("group:new", "group new @new.example");

        assertThat(store.diff(file).size()).isEqualTo(3);
        ReplaceResult result = store.replaceAll(file);

        assertThat(result.previousVersion()).isEqualTo(1);
        assertThat(result.version()).isEqualTo(2);
        assertThat(result.diff().added()).containsOnlyKeys("group:new");
        assertThat(result.diff().removed()).containsOnlyKeys("group:old");
        assertThat(result.diff().modified())
                .containsExactly(Map.entry(
                        "policy:p",
                        new ConfigDiff.Modified(
                                "policy p Source any Destination any",
                                "policy p Source any Destination any Priority 2")));
        assertThat(store.read().statements()).isEqualTo(file);

        ReplaceResult again = store.replaceAll(store.read().statements());
        assertThat(again.changed()).as("pushing what is stored is a no-op").isFalse();
        assertThat(again.version()).isEqualTo(2);
    }

    @Test
    void concurrentOptimisticUpdatesLoseNothing() throws Exception {
        int threads = 6;
        int incrementsEach = 15;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            String mine = "features:global:writer" + t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < incrementsEach; i++) {
                        retryingUpdate(mine);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
        ConfigSnapshot end = store.read();
        assertThat(end.statements().get("features:global:counter"))
                .isEqualTo("features global counter " + threads * incrementsEach);
        assertThat(end.version()).isEqualTo((long) threads * incrementsEach);
    }

    // Every update reads the shared counter and writes counter+1 plus the writer's own key: a lost
    // update would show as a final counter below threads * increments.
    private void retryingUpdate(String mine) {
        while (true) {
            try {
                store.update(snapshot -> {
                    String text =
                            snapshot.statements().getOrDefault("features:global:counter", "features global counter 0");
                    long n = Long.parseLong(text.substring(text.lastIndexOf(' ') + 1));
                    return List.of(
                            new ConfigChange.Put("features:global:counter", "features global counter " + (n + 1)),
                            new ConfigChange.Put(mine, "features global " + mine.substring(16) + " " + (n + 1)));
                });
                return;
            } catch (ConfigConflictException e) {
                // ten conflicts in a row under this contention: try again
            }
        }
    }

    @Test
    void aReaderNeverSeesHalfOfAWrite() throws Exception {
        int keys = 40;
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int generation = 0; generation < 30 && problems.isEmpty(); generation++) {
                    Map<String, String> all = new LinkedHashMap<>();
                    for (int k = 0; k < keys; k++) {
                        all.put("group:g" + k, "group g" + k + " @w" + writer + "-gen" + generation + ".example");
                    }
                    store.replaceAll(all);
                }
            }));
        }
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                long lastVersion = -1;
                while (!stop.get()) {
                    ConfigSnapshot snapshot = store.read();
                    reads.incrementAndGet();
                    if (snapshot.version() < lastVersion) {
                        problems.add("version went back from " + lastVersion + " to " + snapshot.version());
                    }
                    lastVersion = snapshot.version();
                    if (snapshot.isEmpty()) {
                        continue;
                    }
                    Set<String> generations = new HashSet<>();
                    snapshot.statements().values().forEach(t -> generations.add(t.substring(t.indexOf('@'))));
                    if (snapshot.statements().size() != keys || generations.size() != 1) {
                        problems.add("version " + snapshot.version() + " mixes " + generations);
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(problems).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(store.read().statements()).hasSize(keys);
    }

    @Test
    void scriptsAreReloadedAfterScriptFlush() {
        store.apply(0, List.of(new ConfigChange.Put("pool:a", "pool a mx.example.com")));
        for (var node : connection().masters()) {
            connection().onNode(node, jedis -> jedis.scriptFlush());
        }
        assertThat(store.read().version()).isEqualTo(1);
        assertThat(store.apply(1, List.of(new ConfigChange.Delete("pool:a")))).isEqualTo(2);
    }
}
