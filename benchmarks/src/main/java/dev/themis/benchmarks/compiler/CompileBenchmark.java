package dev.themis.benchmarks.compiler;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.ParseResult;
import dev.themis.compiler.Source;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling a large configuration: 10,000 policies over 1,000 groups with 100,000 members in all
 * (goal: under 1 s). {@code parseAndCompile} is the whole road from text to policy set and decision
 * index; {@code compileParsed} starts from statements (as the store holds them).
 *
 * <p>Run:
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar 'dev.themis.benchmarks.compiler.CompileBenchmark' -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CompileBenchmark {
    private Source source = new Source("bench.tms", "");
    private ParseResult parsed = Compiler.parseFile(source);

    @Setup
    public void setUp() {
        source = new Source("bench.tms", PolicyCorpus.text(10_000, 1_000, 100_000, 42));
        parsed = Compiler.parseFile(source);
        CompileResult check = Compiler.compile(parsed.statements());
        if (check.hasErrors()) {
            throw new IllegalStateException(
                    "benchmark corpus does not compile: " + check.errors().getFirst());
        }
    }

    @Benchmark
    public CompileResult parseAndCompile() {
        return Compiler.compileSources(List.of(source));
    }

    @Benchmark
    public CompileResult compileParsed() {
        return Compiler.compile(parsed.statements());
    }
}
