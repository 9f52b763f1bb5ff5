package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push, export and diff against an in-memory store. */
class PoliciesAsCodeTest {
    @TempDir
    Path home;

    final InMemoryBackend store = new InMemoryBackend();

    Run tms(String... args) {
        return Run.of(store, home, args);
    }

    Path file(String name, String text) throws Exception {
        Path p = home.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static final String CONFIG = """
            # outbound limits
            group internal @example.com 192.0.2.0/24
            policy outbound Source internal Destination !internal JailBy SASLUsername JailSpec 100:3600 JailAction defer
            policy default Source any Destination any
            features global global_custom_block 5
            """;

    @Test
    void pushReplacesTheConfigurationAndExportRoundTrips() throws Exception {
        tms("-a", "--policy", "old", "Source", "any", "Destination", "any");

        Run push = tms("push", file("a.tms", CONFIG).toString());

        assertThat(push.status()).as(push.err()).isZero();
        assertThat(push.out())
                .contains("- policy old Source any Destination any")
                .contains("+ group internal");
        assertThat(store.statements)
                .containsOnlyKeys(
                        "group:internal", "policy:outbound", "policy:default", "features:global:global_custom_block");

        Run export = tms("export");
        assertThat(export.status()).isZero();
        long version = store.version;

        Run again = tms("push", file("exported.tms", export.out()).toString());

        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("no changes\n");
        assertThat(store.version).isEqualTo(version);
        assertThat(tms("diff", home.resolve("exported.tms").toString()).status())
                .isZero();
    }

    @Test
    void dryRunAndDiffChangeNothing() throws Exception {
        tms("push", file("a.tms", CONFIG).toString());
        long version = store.version;
        Path changed = file("b.tms", CONFIG.replace("100:3600", "50:3600"));

        Run dry = tms("push", "--dry-run", changed.toString());
        Run diff = tms("diff", changed.toString());

        assertThat(dry.status()).isZero();
        assertThat(diff.status()).isEqualTo(1);
        assertThat(diff.out()).contains("~ policy outbound").contains("50:3600").contains("was: policy outbound");
        assertThat(store.version).isEqualTo(version);
    }

    @Test
    void aFileWithErrorsChangesNothingAndPrintsDiagnostics() throws Exception {
        tms("push", file("a.tms", CONFIG).toString());
        long version = store.version;

        Run r = tms(
                "push",
                file("bad.tms", CONFIG + "policy broken Source nosuch Destination any\n")
                        .toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("bad.tms:").contains("TMS").contains("nosuch");
        assertThat(store.version).isEqualTo(version);
    }

    @Test
    void aMissingFileIsOneClearMessage() {
        Run r = tms("push", home.resolve("nope.tms").toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("tmscli: no such file: " + home.resolve("nope.tms") + "\n");
    }
}
