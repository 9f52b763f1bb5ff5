package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import dev.themis.tmscli.ops.RedisBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The generated bash completion script, run by bash the way TAB runs it. */
class BashCompletionTest {
    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    @TempDir
    Path home;

    @TempDir
    Path bin;

    @Test
    void bashCompletesFlagsAndStoredNames() throws Exception {
        Run.of(
                s -> RedisBackend.open(s, Run.CLOCK),
                home,
                Map.of(),
                "",
                List.of("--redis", redis.uri(), "-a", "--policy", "default", "Source", "any", "Destination", "any"));
        Path launcher = Processes.launcher(bin, home);
        Path script = bin.resolve("tmscli.bash");
        Files.writeString(
                script,
                Run.of(new InMemoryBackend(), home, "completion", "bash").out(),
                StandardCharsets.UTF_8);

        assertThat(complete(script, launcher, "-a", "--pol")).isEqualTo("--policy\n");
        assertThat(complete(script, launcher, "--redis", redis.uri(), "-m", "--policy", "d"))
                .isEqualTo("default\n");
        assertThat(complete(script, launcher, "-a", "--policy", "p", "JailBy", "SA"))
                .isEqualTo("SASLUsername\n");
    }

    private String complete(Path script, Path launcher, String... words) throws Exception {
        String line = launcher + " " + String.join(" ", words);
        String program = "source '" + script + "'; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _tmscli;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"";
        Processes.Result r = Processes.run(home, List.of("bash", "-c", program));
        assertThat(r.status()).as(r.err()).isZero();
        return r.out();
    }
}
