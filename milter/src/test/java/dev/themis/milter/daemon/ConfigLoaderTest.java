package dev.themis.milter.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.milter.server.ListenAddress;
import dev.themis.runtime.StoreSettings;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.redis.RedisSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static final Options NONE = new Options(null, null, null, false, false);

    private Path write(String yaml) throws IOException {
        Path f = dir.resolve("themisd.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static Options file(Path f) {
        return new Options(f.toString(), null, null, false, false);
    }

    @Test
    void defaultsAreLoopbackEmbeddedAcceptNoMetrics() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("policies/examples"));
        Files.writeString(home.resolve("policies/examples/a.tms"), "policy a Source any Destination any\n");
        DaemonConfig c = ConfigLoader.load(NONE, Map.of(), home);
        assertThat(c.listen()).isEqualTo(new ListenAddress.Inet("127.0.0.1", 8440));
        assertThat(c.store()).isEqualTo(new StoreSettings.Embedded(List.of(home.resolve("policies/examples/a.tms"))));
        assertThat(c.onFailure()).isEqualTo(Verdict.ACCEPT);
        assertThat(c.metrics()).isNull();
        assertThat(c.logLevel()).isEqualTo("info");
        assertThat(c.carriers()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    @Test
    void aFullFileIsRead() throws Exception {
        Files.writeString(dir.resolve("one.tms"), "policy a Source any Destination any\n");
        Files.writeString(dir.resolve("pass"), "s3cret\n");
        Path f = write("""
                listen: unix:/run/themis/themisd.sock
                store: redis
                redis:
                  url: redis://10.0.0.5:6380/2
                  user: themis
                  passwordFile: pass
                  timeout: 250ms
                  keyPrefix: "t:"
                onFailure: tempfail
                logLevel: debug
                metrics:
                  listen: 127.0.0.1:9555
                milter:
                  idleTimeout: 15m
                  packetTimeout: 5s
                  stopGrace: 10s
                  socketMode: "0666"
                  carriers: 3
                """);
        DaemonConfig c = ConfigLoader.load(file(f), Map.of(), null);
        assertThat(c.listen()).isEqualTo(new ListenAddress.Unix(Path.of("/run/themis/themisd.sock")));
        RedisSettings r = ((StoreSettings.Redis) c.store()).redis();
        assertThat(r.nodes()).containsExactly("10.0.0.5:6380");
        assertThat(r.user()).isEqualTo("themis");
        assertThat(r.password()).isEqualTo("s3cret");
        assertThat(r.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(r.keyPrefix()).isEqualTo("t:");
        assertThat(c.onFailure()).isEqualTo(Verdict.TEMPFAIL);
        assertThat(c.server().onFailure()).isEqualTo(Verdict.TEMPFAIL);
        assertThat(c.logLevel()).isEqualTo("debug");
        assertThat(c.metrics()).isNotNull();
        assertThat(java.util.Objects.requireNonNull(c.metrics()).getPort()).isEqualTo(9555);
        assertThat(c.server().idleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.server().packetTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.stopGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.server().unixSocketPermissions()).hasSize(6);
        assertThat(c.carriers()).isEqualTo(3);
    }

    @Test
    void carriersAreAutoOrAPositiveNumber() throws Exception {
        int auto = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        assertThat(ConfigLoader.load(file(write("milter:\n  carriers: auto\n")), Map.of(), null)
                        .carriers())
                .isEqualTo(auto);
        for (String bad : List.of("0", "-2", "many", "1.5", "1000")) {
            Path f = write("milter:\n  carriers: " + bad + "\n");
            assertThatThrownBy(() -> ConfigLoader.load(file(f), Map.of(), null))
                    .isInstanceOfSatisfying(
                            ConfigException.class,
                            e -> assertThat(e.problems())
                                    .containsExactly(
                                            f
                                                    + ": `milter.carriers`: expected `auto` or a number of threads from 1 to 256"));
        }
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws Exception {
        Path f = write("listen: inet:127.0.0.1:9000\nredis:\n  url: redis://file:6379\n  password: fromfile\n");
        Map<String, String> env =
                Map.of("THEMIS_CFG", f.toString(), "THEMIS_REDIS", "redis://env:6379", "THEMIS_REDISPASSWD", "fromenv");
        DaemonConfig viaEnv = ConfigLoader.load(NONE, env, null);
        RedisSettings r = ((StoreSettings.Redis) viaEnv.store()).redis();
        assertThat(r.nodes()).containsExactly("env:6379");
        assertThat(r.password()).isEqualTo("fromenv");
        assertThat(viaEnv.listen()).isEqualTo(new ListenAddress.Inet("127.0.0.1", 9000));

        DaemonConfig viaFlags =
                ConfigLoader.load(new Options(null, "inet6:[::1]:8441", "redis://flag:7000", false, false), env, null);
        assertThat(((StoreSettings.Redis) viaFlags.store()).redis().nodes()).containsExactly("flag:7000");
        assertThat(viaFlags.listen()).isEqualTo(new ListenAddress.Inet6("::1", 8441));
    }

    @Test
    void policiesAreResolvedAgainstTheConfigDirectoryWithGlobs() throws Exception {
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("policies/b.tms"), "");
        Files.writeString(dir.resolve("policies/a.tms"), "");
        Files.writeString(dir.resolve("policies/notes.txt"), "");
        Path f = write("policies:\n  - policies/*.tms\n");
        DaemonConfig c = ConfigLoader.load(file(f), Map.of(), null);
        assertThat(((StoreSettings.Embedded) c.store()).policyFiles())
                .containsExactly(dir.resolve("policies/a.tms"), dir.resolve("policies/b.tms"));
    }

    @Test
    void everyProblemIsReportedWithASuggestion() throws Exception {
        Path f = write("""
                listn: inet:127.0.0.1:1
                listen: tcp:1.2.3.4
                onFailure: maybe
                policies: [missing.tms]
                milter:
                  idleTimeout: soon
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file(f), Map.of(), null))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        f + ": unknown setting `listn`; did you mean `listen`?",
                                        f
                                                + ": `listen`: listen address `tcp:1.2.3.4`: unknown type `tcp`; use inet:HOST:PORT,"
                                                + " inet6:[ADDR]:PORT or unix:PATH",
                                        f + ": `policies`: file `" + dir.resolve("missing.tms") + "` does not exist",
                                        f + ": `onFailure`: expected `accept` or `tempfail`, got `maybe`",
                                        f
                                                + ": `milter.idleTimeout`: `soon` is not a duration; write e.g. 500ms, 30s, 10m or 1h"));
    }

    @Test
    void redisStoreNeedsAUrl() throws Exception {
        Path f = write("store: redis\n");
        assertThatThrownBy(() -> ConfigLoader.load(file(f), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("`store: redis` needs `redis.url`");
    }

    @Test
    void aBadRedisUrlOnTheCommandLineNamesTheFlag() {
        assertThatThrownBy(() -> ConfigLoader.load(new Options(null, null, "http://x", false, false), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--redis: ");
    }

    @Test
    void notYamlIsReported() throws Exception {
        Path f = write("listen: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(file(f), Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void metricsCanBeSwitchedOnWithLoopbackDefault() throws Exception {
        Path f = write("metrics: true\n");
        DaemonConfig c = ConfigLoader.load(file(f), Map.of(), null);
        assertThat(c.metrics()).isNotNull();
        assertThat(java.util.Objects.requireNonNull(c.metrics()).getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(java.util.Objects.requireNonNull(c.metrics()).getPort()).isEqualTo(9440);
    }
}
