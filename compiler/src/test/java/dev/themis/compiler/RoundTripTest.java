package dev.themis.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.print.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code parse(print(x)).equals(x)} for the examples and for generated statements. */
class RoundTripTest {
    static final Path EXAMPLES = Path.of("../policies/examples");

    @Test
    void everyExampleRoundTrips() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".tms")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : files) {
            ParseResult parsed =
                    Compiler.parseFile(new Source(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
            assertThat(parsed.diagnostics()).as(f.toString()).isEmpty();
            String printed = Printer.print(parsed.statements());
            assertThat(Compiler.parseFile(new Source("printed", printed)).statements())
                    .as(f.toString())
                    .isEqualTo(parsed.statements());
            for (Statement s : parsed.statements()) {
                assertThat(Compiler.parseStatement(new Source("one", Printer.print(s)))
                                .statement())
                        .contains(s);
            }
        }
    }

    @Test
    void generatedStatementsRoundTrip() {
        long seed = Long.getLong("themis.seed", System.nanoTime());
        System.out.println("RoundTripTest seed: " + seed + " (rerun with -Dthemis.seed=" + seed + ")");
        Generators gen = new Generators(seed);
        List<Statement> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Statement s = gen.statement();
            String text = Printer.print(s);
            StatementResult r = Compiler.parseStatement(new Source("generated", text));
            assertThat(r.diagnostics()).as("seed %d, text %s", seed, text).isEmpty();
            assertThat(r.statement()).as("seed %d, text %s", seed, text).contains(s);
            assertThat(r.statement().orElseThrow().key()).isEqualTo(s.key());
            all.add(s);
        }
        String file = Printer.print(all);
        ParseResult whole = Compiler.parseFile(new Source("generated.tms", file));
        assertThat(whole.diagnostics()).as("seed %d", seed).isEmpty();
        assertThat(whole.statements()).as("seed %d", seed).isEqualTo(all);
        assertThat(Printer.format(whole.statements(), whole.comments(), file)).isEqualTo(file);
    }
}
