package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import dev.themis.tmscli.ops.RedisBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a real terminal: tmux runs {@code tmscli shell}, the test types keys
 * (including TAB) and reads the screen, as a person would.
 */
class ShellTest {
    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    @TempDir
    Path home;

    @TempDir
    Path bin;

    final String socket = "tmscli-test-" + UUID.randomUUID();
    final String session = "shell";

    @BeforeEach
    void requireTmux() {
        assertThat(Files.isExecutable(Path.of("/usr/bin/tmux")))
                .as("tmux is required for the shell test (installed by .ci/install-tools)")
                .isTrue();
        redis.flushAll();
    }

    @AfterEach
    void stopTmux() throws Exception {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    private String awaitScreen(String what, Predicate<String> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String s = screen();
        while (!condition.test(s)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("screen never showed " + what + "; it shows:\n" + s);
            }
            Thread.sleep(100);
            s = screen();
        }
        return s;
    }

    private void type(String keys) throws Exception {
        tmux("send-keys", "-t", session, "-l", "--", keys);
    }

    private void press(String key) throws Exception {
        tmux("send-keys", "-t", session, key);
    }

    @Test
    void completesVerbsFlagsAttributesAndStoredNamesAndSurvivesErrors() throws Exception {
        Run.of(
                s -> RedisBackend.open(s, Run.CLOCK),
                home,
                Map.of(),
                "",
                List.of("--redis", redis.uri(), "-a", "--group", "internal", "@example.com"));
        Run.of(
                s -> RedisBackend.open(s, Run.CLOCK),
                home,
                Map.of(),
                "",
                List.of("--redis", redis.uri(), "-a", "--policy", "default", "Source", "any", "Destination", "any"));
        Path launcher = Processes.launcher(bin, home);
        tmux(
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "160",
                "-y",
                "50",
                launcher + " --redis " + redis.uri() + " shell");
        awaitScreen("the prompt", s -> s.contains("tmscli> "));

        // a flag, then a stored policy name
        type("-g --pol");
        press("Tab");
        awaitScreen("--policy completed", s -> s.contains("tmscli> -g --policy "));
        type("def");
        press("Tab");
        awaitScreen("the policy name completed", s -> s.contains("tmscli> -g --policy default "));
        press("Enter");
        awaitScreen("the policy as JSON", s -> s.contains("\"name\": \"default\""));

        // an attribute, an enum value and a group name in a statement of the language
        type("policy out Source inte");
        press("Tab");
        awaitScreen("the group name completed", s -> s.contains("tmscli> policy out Source internal "));
        type("Destination !internal JailA");
        press("Tab");
        awaitScreen("JailAction completed", s -> s.contains("!internal JailAction "));
        type("def");
        press("Tab");
        awaitScreen("defer completed", s -> s.contains("JailAction defer "));
        press("Enter");
        awaitScreen("the statement stored", s -> s.contains("added policy:out"));

        // an error does not end the session
        type("-a --policy bad Source nosuch Destination any");
        press("Enter");
        awaitScreen("the diagnostic", s -> s.contains("nosuch") && s.contains("TMS"));
        type("-g --policy out --json");
        press("Enter");
        awaitScreen("the shell still answering", s -> s.contains("\"JailAction\":\"defer\""));

        // a line continued with a backslash
        type("policy multi Source any \\");
        press("Enter");
        type("Destination any");
        press("Enter");
        awaitScreen("the two-line statement stored", s -> s.contains("added policy:multi"));

        type("exit");
        press("Enter");
        Instant deadline = Instant.now().plusSeconds(30);
        while (!Files.exists(home.resolve(".tmscli_history")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(Files.readString(home.resolve(".tmscli_history"))).contains("-g --policy default");
        assertThat(redis.callText("HGET", "themis:{cfg}:statements", "policy:out"))
                .isEqualTo("policy out Source internal Destination !internal JailAction defer");
    }
}
