package dev.themis.milter.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.milter.Themisd;
import dev.themis.milter.codec.Response;
import dev.themis.milter.server.Mta;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** themisd as a whole, in process: configuration file, embedded policies, milter, metrics. */
class DaemonTest {
    @TempDir
    Path dir;

    private Path config(String policies, String extra) throws Exception {
        Files.writeString(dir.resolve("limits.tms"), policies);
        Path f = dir.resolve("themisd.yaml");
        Files.writeString(f, "listen: inet:127.0.0.1:0\npolicies: [limits.tms]\n" + extra);
        return f;
    }

    @Test
    void limitsApplyThroughTheMilterAndTheMetricsMove() throws Exception {
        Path f = config("""
                policy limit Source any Destination any JailBy Sender JailSpec 2:3600 JailAction block
                    ReplyData "Limit reached. Blocking for %s second(s)"
                """, "metrics:\n  listen: 127.0.0.1:0\n");
        DaemonConfig config = ConfigLoader.load(new Options(f.toString(), null, null, false, false), Map.of(), null);
        try (Daemon d = Daemon.start(config)) {
            String before = scrape(d.metricsPort());
            assertThat(value(before, "themis_config_version")).isEqualTo(1);
            try (Mta mta = new Mta(d.address())) {
                mta.smtpConnect("192.0.2.7", "client.example");
                for (int i = 0; i < 2; i++) {
                    assertThat(mta.smtpEnvelope("<alice@example.test>", null, "<bob@example.net>"))
                            .containsExactly(Response.ACCEPT);
                    mta.abort();
                }
                List<Response> third = mta.smtpEnvelope("<alice@example.test>", null, "<bob@example.net>");
                assertThat(third).hasSize(1);
                assertThat(((Response.ReplyCode) third.getFirst()).text())
                        .matches("550 5\\.7\\.1 Limit reached\\. Blocking for \\d+ second\\(s\\)");
                assertThat(value(scrape(d.metricsPort()), "themis_milter_connections_in_flight"))
                        .isEqualTo(1);
            }
            String after = scrape(d.metricsPort());
            assertThat(value(after, "themis_decisions_total{outcome=\"reject\",policy=\"limit\"}"))
                    .isEqualTo(1);
            assertThat(value(after, "themis_decisions_total{outcome=\"accept\",policy=\"limit\"}")
                            + value(after, "themis_decisions_total{outcome=\"accept\",policy=\"none\"}"))
                    .isEqualTo(2);
            assertThat(value(after, "themis_decision_seconds_count")).isEqualTo(3);
            assertThat(value(after, "themis_milter_connections_total")).isEqualTo(1);
            assertThat(value(after, "themis_milter_answers_total{stage=\"data\"}"))
                    .isEqualTo(3);
        }
    }

    @Test
    void checkPassesForGoodPoliciesAndFailsWithDiagnosticsForBadOnes() throws Exception {
        Path good = config("policy a Source any Destination any\n", "");
        Run ok = run("--config", good.toString(), "--check");
        assertThat(ok.code).isZero();
        assertThat(ok.out).contains("policies: 1 file(s), 1 policies, 0 errors");

        Path bad = config("policy a Source any Destination any JailBySpec Sender\n", "");
        Run failed = run("--config", bad.toString(), "--check");
        assertThat(failed.code).isEqualTo(1);
        assertThat(failed.err).contains(dir.resolve("limits.tms") + ":1:").contains("TMS");
    }

    @Test
    void badFlagsExitTwoWithOneMessage() {
        Run r = run("--bogus");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).isEqualTo("themisd: unknown option `--bogus`; see themisd --help\n");
    }

    @Test
    void anInvalidConfigurationExitsOne() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "onFailure: never\n");
        Run r = run("--config", f.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("`onFailure`: expected `accept` or `tempfail`, got `never`");
    }

    @Test
    void policiesThatDoNotCompileStopTheStart() throws Exception {
        Path f = config("policy a Source nosuchgroup Destination any\n", "");
        Run r = run("--config", f.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).startsWith("themisd: the policies do not compile; not starting:");
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Themisd.run(
                args,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String scrape(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }

    /** The value of one sample line ({@code name{labels} value}); 0 when absent. */
    private static double value(String exposition, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
