package dev.themis.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.print.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The parser and the compiler only ever answer with diagnostics: no exception escapes, and the
 * printed form of whatever parses parses back to the same statements.
 *
 * <p>In {@code mvn test} the saved corpus ({@code ParserFuzzTestInputs/}) runs as regression
 * tests. To fuzz for real (a separate command, not part of CI):
 *
 * <pre>JAZZER_FUZZ=1 ./mvnw test -pl compiler -am -Dtest=ParserFuzzTest#parserOnlyAnswersWithDiagnostics -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class ParserFuzzTest {
    static final Path CORPUS =
            Path.of("src/test/resources/dev/themis/compiler/ParserFuzzTestInputs/parserOnlyAnswersWithDiagnostics");

    @FuzzTest(maxDuration = "60s")
    void parserOnlyAnswersWithDiagnostics(byte[] data) {
        check(new String(data, StandardCharsets.UTF_8));
    }

    static void check(String text) {
        Source source = new Source("fuzz.tms", text);
        ParseResult parsed = Compiler.parseFile(source);
        CompileResult compiled = Compiler.compileSources(List.of(source));
        DiagnosticRenderer.human(compiled.diagnostics(), n -> text);
        DiagnosticRenderer.json(compiled.diagnostics());
        for (var d : compiled.diagnostics()) {
            assertThat(d.span().end()).isLessThanOrEqualTo(text.length());
        }
        StatementResult single = Compiler.parseStatement(source);
        assertThat(single.statement().isPresent())
                .isEqualTo(single.diagnostics().isEmpty());
        if (!parsed.hasErrors()) {
            String printed = Printer.print(parsed.statements());
            assertThat(Compiler.parseFile(new Source("printed", printed)).statements())
                    .isEqualTo(parsed.statements());
            String formatted = Printer.format(parsed.statements(), parsed.comments(), text);
            ParseResult again = Compiler.parseFile(new Source("formatted", formatted));
            assertThat(again.statements()).isEqualTo(parsed.statements());
            assertThat(Printer.format(again.statements(), again.comments(), formatted))
                    .isEqualTo(formatted);
        }
    }

    /** The saved corpus also runs through plain JUnit, so it is covered whatever Jazzer's mode. */
    @TestFactory
    Stream<DynamicTest> savedCorpus() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(
                        f.getFileName().toString(),
                        () -> check(new String(Files.readAllBytes(f), StandardCharsets.UTF_8))));
    }

    @Test
    @Timeout(120) // a hang guard, not a timing assertion
    void hugeInputsDoNotHangOrOverflow() {
        String manyStatements = "policy p Source any Destination any\n".repeat(5_000);
        check(manyStatements);
        String longLine = "group g" + " @a.example".repeat(5_000) + "\n";
        check(longLine);
        String deepBrackets = "features global global_conditions " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
        check(deepBrackets);
        String conditions = "features global global_conditions [" + "[1,1],".repeat(100_000) + "[1,1]]\n";
        check(conditions);
        String regex = "policy p Source any Destination any\nactionheaders p X " + "(".repeat(100_000) + " X y\n";
        check(regex);
        String nestedRegex = "policy p Source any Destination any\nactionheaders p X \"" + "(".repeat(1000) + "a"
                + ")".repeat(1000) + "\" X y\n";
        check(nestedRegex);
        String quotes = "\"".repeat(100_001);
        check(quotes);
        String longWord = "x".repeat(200_000);
        check(longWord);
        check("policy " + "p".repeat(50_000) + " Source " + "q".repeat(50_000) + " Destination any\ngroup "
                + "q".repeat(50_001) + " @a.example\n");
        check("\\".repeat(100_000));
        check("policy p\n" + "  \n".repeat(100_000));
    }
}
