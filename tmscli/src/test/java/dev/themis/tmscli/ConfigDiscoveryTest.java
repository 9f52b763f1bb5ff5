package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.tmscli.settings.ConnectionSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Redis tmscli talks to, as the original found it, plus our flags. */
class ConfigDiscoveryTest {
    @TempDir
    Path home;

    ConnectionSettings settings(Map<String, String> env, String... args) {
        AtomicReference<ConnectionSettings> seen = new AtomicReference<>();
        List<String> argv = new java.util.ArrayList<>(List.of(args));
        argv.addAll(List.of("-g", "--policy", "all"));
        Run r = Run.of(
                s -> {
                    seen.set(s);
                    return new InMemoryBackend();
                },
                home,
                env,
                "",
                argv);
        assertThat(r.status()).as(r.err()).isZero();
        return java.util.Objects.requireNonNull(seen.get());
    }

    void write(Path p, String yaml) throws Exception {
        Files.writeString(p, yaml, StandardCharsets.UTF_8);
    }

    @Test
    void defaultsToLocalRedis() {
        assertThat(settings(Map.of()).url()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void userFileOverridesTheSystemFile() throws Exception {
        write(home.resolve("etc-themis-config.yaml"), "redis:\n  host: sys.example\n  port: 6380\n  password: s\n");
        assertThat(settings(Map.of()).url()).isEqualTo("redis://sys.example:6380");
        write(home.resolve(".tmscli.yaml"), "redis: redis://user.example:6381/2\n");

        ConnectionSettings s = settings(Map.of());

        assertThat(s.url()).isEqualTo("redis://user.example:6381/2");
        assertThat(s.password()).isEqualTo("s");
    }

    @Test
    void themisCfgIsTheOnlyFileReadAndEnvironmentAndFlagsWin() throws Exception {
        write(home.resolve(".tmscli.yaml"), "redis: redis://user.example:1\n");
        Path cfg = home.resolve("cfg.yaml");
        write(cfg, "redis:\n  url: redis://cfg.example:2\n  user: admin\n");

        assertThat(settings(Map.of("THEMIS_CFG", cfg.toString())).url()).isEqualTo("redis://cfg.example:2");
        assertThat(settings(Map.of("THEMIS_CFG", cfg.toString(), "THEMIS_REDIS", "redis://env.example:3"))
                        .url())
                .isEqualTo("redis://env.example:3");
        ConnectionSettings flags =
                settings(Map.of("THEMIS_REDISPASSWD", "pw"), "--redis", "redis://flag.example:4", "--tls");
        assertThat(flags.url()).isEqualTo("redis://flag.example:4");
        assertThat(flags.password()).isEqualTo("pw");
        assertThat(flags.tls()).isTrue();
    }

    @Test
    void readsTheRedisSectionOfThemisdsConfiguration() throws Exception {
        Files.writeString(home.resolve("pw"), "s3cret\n", StandardCharsets.UTF_8);
        write(home.resolve("etc-themis-config.yaml"), """
                listen: inet:127.0.0.1:8440
                store: redis
                redis:
                  url: rediss://redis.example:6380/1
                  user: milter
                  passwordFile: pw
                  keyPrefix: "mail:"
                  tls:
                    trustStore: /etc/themis/ca.p12
                    trustStorePassword: changeit
                """);

        ConnectionSettings s = settings(Map.of());

        assertThat(s.url()).isEqualTo("rediss://redis.example:6380/1");
        assertThat(s.user()).isEqualTo("milter");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.prefix()).isEqualTo("mail:");
        assertThat(s.tls()).isTrue();
        assertThat(s.trustStore()).isEqualTo("/etc/themis/ca.p12");
        assertThat(s.trustStorePassword()).isEqualTo("changeit");
    }

    @Test
    void aMissingThemisCfgIsAnError() {
        Run r = Run.of(
                s -> new InMemoryBackend(),
                home,
                Map.of("THEMIS_CFG", "/nonexistent.yaml"),
                "",
                List.of("-g", "--policy", "all"));

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("/nonexistent.yaml (from THEMIS_CFG) does not exist");
    }

    @Test
    void remoteWritesTheUserFileKeepingOtherSettings() throws Exception {
        write(home.resolve(".tmscli.yaml"), "redis:\n  host: old.example\n  password: keep\nother: 1\n");

        Run r = Run.of(new InMemoryBackend(), home, "-a", "--remote", "10.1.2.3");

        assertThat(r.status()).as(r.err()).isZero();
        ConnectionSettings s = settings(Map.of());
        assertThat(s.url()).isEqualTo("redis://10.1.2.3:6379");
        assertThat(s.password()).isEqualTo("keep");
        assertThat(Files.readString(home.resolve(".tmscli.yaml"))).contains("other: 1");
        assertThat(Files.getPosixFilePermissions(home.resolve(".tmscli.yaml")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }
}
