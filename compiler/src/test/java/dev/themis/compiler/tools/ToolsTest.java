package dev.themis.compiler.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tmscli lint} and {@code tmscli fmt}: outputs and exit codes, and the examples. */
class ToolsTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    static Run lint(String... args) {
        return run(true, args);
    }

    static Run fmt(String... args) {
        return run(false, args);
    }

    static Run run(boolean lint, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = lint ? LintCommand.run(List.of(args), o, e) : FmtCommand.run(List.of(args), o, e);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void everyExampleLintsCleanAndIsFormatted() throws IOException {
        List<Path> examples;
        try (Stream<Path> s = Files.list(Path.of("../policies/examples"))) {
            examples = s.filter(p -> p.toString().endsWith(".tms")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        for (Path example : examples) {
            Run r = lint(example.toString());
            assertThat(r.out()).as(example.toString()).isEqualTo("1 file checked: no problems\n");
            assertThat(r.status()).isZero();
        }
        List<String> args = new ArrayList<>(List.of("--check"));
        examples.forEach(p -> args.add(p.toString()));
        Run check = fmt(args.toArray(String[]::new));
        assertThat(check.out() + check.err()).isEmpty();
        assertThat(check.status()).isZero();
    }

    @Test
    void lintReportsErrorsWithExitOne() throws IOException {
        Path f = write("bad.tms", "group g @a.example\npolicy p Source g Destination any JailAction reject\n");
        Run r = lint(f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out())
                .isEqualTo(f
                        + ":2:46: TMS021: invalid value `reject` for JailAction; expected block, defer, hold or monitor\n"
                        + "    policy p Source g Destination any JailAction reject\n"
                        + "                                                 ^^^^^^\n"
                        + "1 file checked: 1 error, 0 warnings\n");
    }

    @Test
    void lintWarningsKeepExitZero() throws IOException {
        Path f = write("warn.tms", "group unused @a.example\npolicy p Source any Destination any\n");
        Run r = lint(f.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("TMS100: warning: group `unused` is not used by any policy");
    }

    @Test
    void lintCompilesAllFilesAsOneConfiguration() throws IOException {
        Path groups = write("groups.tms", "group internal @example.com\n");
        Path policies = write("policies.tms", "policy out Source internal Destination !internal\n");
        assertThat(lint(policies.toString()).status()).isEqualTo(1);
        assertThat(lint(groups.toString(), policies.toString()).status()).isZero();
    }

    @Test
    void lintJson() throws IOException {
        Path f = write("j.tms", "policy p Source any\n");
        Run r = lint("--format", "json", f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out())
                .isEqualTo("[\n  {\"source\":\"" + f
                        + "\",\"line\":1,\"column\":8,\"start\":7,\"end\":8,\"code\":\"TMS024\","
                        + "\"severity\":\"error\",\"message\":\"policy `p` has no Destination\","
                        + "\"help\":\"add `Destination any`, `Destination GROUP` or `Destination !GROUP`\"}\n]\n");
        assertThat(lint("--format=json", write("ok.tms", "").toString()).out()).isEqualTo("[]\n");
    }

    @Test
    void badUsageAndUnreadableFilesExitTwo() throws IOException {
        assertThat(lint().status()).isEqualTo(2);
        assertThat(lint("--format", "xml", "x.tms").err())
                .isEqualTo("tmscli lint: unknown format `xml`; expected human or json\n");
        assertThat(lint("--bogus", "x.tms").status()).isEqualTo(2);
        Run missing = lint(dir.resolve("missing.tms").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err())
                .isEqualTo("tmscli lint: cannot read " + dir.resolve("missing.tms") + ": no such file\n");
        Path binary = dir.resolve("bin.tms");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThat(lint(binary.toString()).err()).endsWith(": not UTF-8 text\n");
        assertThat(fmt().status()).isEqualTo(2);
        assertThat(fmt("--nope", "x").status()).isEqualTo(2);
        assertThat(fmt(dir.resolve("missing.tms").toString()).status()).isEqualTo(2);
        assertThat(lint("--help").status()).isZero();
        assertThat(fmt("-h").out()).startsWith("usage: tmscli fmt");
    }

    @Test
    void fmtRewritesAndCheckReports() throws IOException {
        String messy = "# keep me\npolicy   p source ANY destination any   jailaction BLOCK # why\n";
        Path f = write("m.tms", messy);
        Run check = fmt("--check", f.toString());
        assertThat(check.status()).isEqualTo(1);
        assertThat(check.out()).isEqualTo(f + ": not formatted\n");
        assertThat(Files.readString(f)).isEqualTo(messy);
        Run rewrite = fmt(f.toString());
        assertThat(rewrite.status()).isZero();
        assertThat(Files.readString(f))
                .isEqualTo("# keep me\npolicy p Source any Destination any JailAction block  # why\n");
        assertThat(fmt("--check", f.toString()).status()).isZero();
    }

    @Test
    void fmtLeavesFilesWithSyntaxErrorsAlone() throws IOException {
        String broken = "polcy p Source any\n";
        Path f = write("broken.tms", broken);
        Run r = fmt(f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .contains("TMS001: unknown statement `polcy`")
                .endsWith(f + ": not formatted because of syntax errors\n");
        assertThat(Files.readString(f)).isEqualTo(broken);
    }
}
