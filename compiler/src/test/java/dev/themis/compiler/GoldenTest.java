package dev.themis.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.print.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every {@code golden/**\/case.tms} is compiled; its rendered diagnostics must equal
 * {@code case.diag.txt} and, when it parses, its formatted text must equal {@code
 * case.printed.tms}. Run with {@code -Dthemis.golden.rewrite=true} to rewrite the expectations,
 * then review the diff:
 *
 * <pre>./mvnw -q test -pl compiler -am -Dtest=GoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dthemis.golden.rewrite=true</pre>
 */
class GoldenTest {
    static final Path ROOT = Path.of("src/test/resources/golden");
    static final boolean REWRITE = Boolean.getBoolean("themis.golden.rewrite");

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.walk(ROOT)) {
            cases = files.filter(
                            p -> p.toString().endsWith(".tms") && !p.toString().endsWith(".printed.tms"))
                    .sorted()
                    .toList();
        }
        assertThat(cases).hasSizeGreaterThan(30);
        return cases.stream()
                .map(p -> DynamicTest.dynamicTest(ROOT.relativize(p).toString(), () -> check(p)));
    }

    private static void check(Path file) throws IOException {
        String name = ROOT.relativize(file).toString().replace('\\', '/');
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Source source = new Source(name, text);
        CompileResult result = Compiler.compileSources(List.of(source));
        String rendered = DiagnosticRenderer.human(result.diagnostics(), n -> text)
                + DiagnosticRenderer.summary(result.diagnostics()) + "\n";
        expect(sibling(file, ".diag.txt"), rendered);

        ParseResult parsed = Compiler.parseFile(source);
        Path printedFile = sibling(file, ".printed.tms");
        if (parsed.hasErrors()) {
            assertThat(printedFile)
                    .as("no printed form for a file with syntax errors")
                    .doesNotExist();
            return;
        }
        String printed = Printer.format(parsed.statements(), parsed.comments(), text);
        expect(printedFile, printed);
        // The printed form parses back to the same statements and is a fixed point of the printer.
        ParseResult again = Compiler.parseFile(new Source(name, printed));
        assertThat(again.diagnostics()).isEmpty();
        assertThat(again.statements()).isEqualTo(parsed.statements());
        assertThat(Printer.format(again.statements(), again.comments(), printed))
                .isEqualTo(printed);
    }

    private static Path sibling(Path file, String suffix) {
        String base = file.getFileName().toString().replaceFirst("\\.tms$", "");
        return file.resolveSibling(base + suffix);
    }

    private static void expect(Path expectedFile, String actual) throws IOException {
        if (REWRITE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(expectedFile)
                .as("missing expectation; run with -Dthemis.golden.rewrite=true and review")
                .exists();
        assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }
}
