package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two administrators run {@code tmscli -m} on the same policy at the same time, as two real JVM
 * processes against a real redis-server: both changes land (the loser of the compare-and-set
 * re-reads and re-applies its change); never a silent overwrite.
 */
class ConcurrentModifyTest {
    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    @TempDir
    Path home;

    @Test
    void concurrentModifyOfOnePolicyLosesNothing() throws Exception {
        Processes.Result add = Processes.run(
                home,
                Processes.tmscli(
                        "--redis", redis.uri(), "-a", "--policy", "shared", "Source", "any", "Destination", "any"));
        assertThat(add.status()).as(add.err()).isZero();
        int retries = 0;
        // Not the common pool: on two cores it runs one task at a time, and the processes must overlap.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int round = 1; round <= 3; round++) {
            String priority = Integer.toString(round);
            String spec = round + ":60";
            CompletableFuture<Processes.Result> a = CompletableFuture.supplyAsync(
                    () -> run("--debug", "--redis", redis.uri(), "-m", "--policy", "shared", "Priority", priority),
                    pool);
            CompletableFuture<Processes.Result> b = CompletableFuture.supplyAsync(
                    () -> run("--debug", "--redis", redis.uri(), "-m", "--policy", "shared", "JailSpec", spec), pool);
            Processes.Result ra = a.get();
            Processes.Result rb = b.get();
            assertThat(ra.status()).as(ra.err()).isZero();
            assertThat(rb.status()).as(rb.err()).isZero();

            retries += (int) List.of(ra, rb).stream()
                    .filter(r -> r.err().contains("reading it again"))
                    .count();
            String stored = redis.callText("HGET", "themis:{cfg}:statements", "policy:shared");
            for (Processes.Result r : List.of(ra, rb)) {
                assertThat(r.status()).as(r.err()).isIn(0, 2);
                if (r.status() == 2) {
                    assertThat(r.err()).startsWith("tmscli: conflict:");
                }
            }
            if (ra.status() == 0) {
                assertThat(stored).as("round " + round).contains("Priority " + priority);
            }
            if (rb.status() == 0) {
                assertThat(stored).as("round " + round).contains("JailSpec " + spec);
            }
        }
        pool.shutdown();
        assertThat(retries)
                .as("the processes really raced: a write met the other's write")
                .isPositive();
    }

    private Processes.Result run(String... args) {
        try {
            // Both processes read the same version, then wait before writing: one of them must meet
            // the other's write, re-read, and re-apply its own change.
            return Processes.run(home, Processes.tmscli(List.of("-Dtmscli.test.pauseBeforeWriteMillis=3000"), args));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
