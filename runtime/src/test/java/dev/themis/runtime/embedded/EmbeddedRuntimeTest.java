package dev.themis.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.runtime.ConfigurationException;
import dev.themis.runtime.Decision;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.RuntimeSettings;
import dev.themis.runtime.RuntimeStatus;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.ThemisRuntime;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.eval.TestClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRuntimeTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2027-01-04T10:00:00Z"));
    private final List<String> reloads = new CopyOnWriteArrayList<>();
    private final RuntimeListener listener = new RuntimeListener() {
        @Override
        public void reloaded(long version, Duration took, @Nullable String error) {
            reloads.add(version + (error == null ? " ok" : " error"));
        }
    };

    private ThemisRuntime start(Path... files) {
        return ThemisRuntime.start(new RuntimeSettings(
                new StoreSettings.Embedded(List.of(files)), Verdict.ACCEPT, Duration.ofMillis(200), clock, listener));
    }

    static MessageFacts message(String sender) throws Exception {
        return new MessageFacts(
                "4721220E748",
                "mx1.example.net",
                InetAddress.getByName("192.0.2.1"),
                "client.example",
                sender,
                List.of("rcpt@example.org"),
                null,
                List.of(),
                false);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(
                tmp,
                p,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    @Test
    void decidesWithTheCompiledFilesAndCountsInMemory() throws Exception {
        Path f = write(
                "limits.tms", "policy limit Source any Destination any JailBy Sender JailSpec 2:60 JailAction defer\n");
        try (ThemisRuntime runtime = start(f)) {
            assertThat(runtime.needsHeaders()).isFalse();
            assertThat(runtime.decide(message("a@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(runtime.decide(message("a@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);
            Decision third = runtime.decide(message("a@example.com"));
            assertThat(third.verdict()).isEqualTo(Verdict.TEMPFAIL);
            assertThat(String.valueOf(third.reply())).contains("451", "4.7.1", "60 second(s)");
            assertThat(third.configVersion()).isEqualTo(1);
            clock.advanceMillis(60_000);
            assertThat(runtime.decide(message("a@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);
            RuntimeStatus status = runtime.status();
            assertThat(status.mode()).isEqualTo("embedded");
            assertThat(status.configVersion()).isEqualTo(1);
            assertThat(status.policies()).isEqualTo(1);
            assertThat(status.storeUp()).isTrue();
        }
    }

    @Test
    void filesThatDoNotCompileFailTheStartWithRenderedDiagnostics() throws Exception {
        Path f = write("bad.tms", "policy limit Source any Destination any JailBySpec 2:60\n");
        assertThatThrownBy(() -> start(f))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bad.tms:1:")
                .hasMessageContaining("JailBySpec")
                .hasMessageContaining("1 error");
        assertThatThrownBy(() -> start(dir.resolve("missing.tms")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("missing.tms");
    }

    @Test
    void aChangedFileIsSwappedInAndABrokenOneKeepsTheOldSnapshot() throws Exception {
        Path f = write(
                "limits.tms", "policy limit Source any Destination any JailBy Sender JailSpec 1:60 JailAction block\n");
        try (ThemisRuntime runtime = start(f)) {
            runtime.decide(message("b@example.com"));
            assertThat(runtime.decide(message("b@example.com")).verdict()).isEqualTo(Verdict.REJECT);

            write(
                    "limits.tms",
                    "policy limit Source any Destination any JailBy Sender JailSpec 5:60 JailAction block\n");
            runtime.reloadNow();
            assertThat(runtime.status().configVersion()).isEqualTo(2);
            // counters survive a reload: one admitted, four more fit
            for (int i = 0; i < 4; i++) {
                assertThat(runtime.decide(message("b@example.com")).verdict()).isEqualTo(Verdict.ACCEPT);
            }
            assertThat(runtime.decide(message("b@example.com")).configVersion()).isEqualTo(2);

            write("limits.tms", "policy limit Source any Destination nowhere JailBy Sender\n");
            runtime.reloadNow();
            RuntimeStatus status = runtime.status();
            assertThat(status.configVersion()).isEqualTo(2);
            assertThat(status.lastReloadError()).contains("nowhere");
            assertThat(runtime.decide(message("b@example.com")).verdict()).isEqualTo(Verdict.REJECT);
            assertThat(reloads).containsExactly("1 ok", "2 ok", "3 error");
        }
    }

    @Test
    void theWatcherNoticesChangesByItself() throws Exception {
        Path f = write(
                "w.tms", "policy limit Source any Destination any JailBy Sender JailSpec 1:60 JailAction block\n");
        try (ThemisRuntime runtime = start(dir)) {
            write("w.tms", "policy limit Source any Destination any JailBy Sender JailSpec 9:60 JailAction block\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (runtime.status().configVersion() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(runtime.status().configVersion()).isEqualTo(2);
            assertThat(runtime.snapshot()
                            .policySet()
                            .policies()
                            .getFirst()
                            .jailSpec()
                            .spelling())
                    .isEqualTo("9:60");
            assertThat(f).exists();
        }
    }
}
