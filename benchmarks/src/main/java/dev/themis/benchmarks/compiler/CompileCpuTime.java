package dev.themis.benchmarks.compiler;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.ParseResult;
import dev.themis.compiler.Source;
import dev.themis.compiler.decision.MessageKeys;
import dev.themis.compiler.decision.PolicyIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * Thread CPU time of each compile stage for the {@link CompileBenchmark} corpus (10,000 policies,
 * 1,000 groups, 100,000 members). Complements JMH's wall-clock figures on a shared, loaded machine:
 * CPU time of the compiling thread does not count time spent waiting for a core (it does not count
 * GC threads either).
 *
 * <p>Run:
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl benchmarks -am
 * java -cp benchmarks/target/benchmarks.jar dev.themis.benchmarks.compiler.CompileCpuTime
 * </pre>
 */
public final class CompileCpuTime {
    private CompileCpuTime() {}

    public static void main(String[] args) throws java.net.UnknownHostException {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Source source = new Source("bench.tms", PolicyCorpus.text(10_000, 1_000, 100_000, 42));
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        for (int i = 1; i <= rounds; i++) {
            long t0 = bean.getCurrentThreadCpuTime();
            ParseResult parsed = Compiler.parseFile(source);
            long t1 = bean.getCurrentThreadCpuTime();
            CompileResult compiled = Compiler.compile(parsed.statements());
            long t2 = bean.getCurrentThreadCpuTime();
            PolicyIndex.build(compiled.policySet().orElseThrow());
            long t3 = bean.getCurrentThreadCpuTime();
            System.out.printf(
                    Locale.ROOT,
                    "round %2d: parse %4d ms, check+model+index %4d ms (index alone %3d ms), total %4d ms CPU%n",
                    i,
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000,
                    (t2 - t0) / 1_000_000);
        }
        for (int policies : new int[] {10, 1_000, 10_000}) {
            PolicyIndex index = Compiler.compileSources(
                            List.of(new Source("bench.tms", PolicyCorpus.text(policies, 1_000, 100_000, 42))))
                    .index()
                    .orElseThrow();
            MessageKeys[] messages = CandidatesBenchmark.messages();
            long found = 0;
            int n = 2_000_000;
            for (int i = 0; i < n / 4; i++) {
                found += index.candidates(messages[i & (messages.length - 1)]).size();
            }
            found = 0;
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                found += index.candidates(messages[i & (messages.length - 1)]).size();
            }
            long t1 = bean.getCurrentThreadCpuTime();
            System.out.printf(
                    Locale.ROOT,
                    "candidates at %5d policies: %.2f us CPU per message, %.1f candidates on average%n",
                    policies,
                    (t1 - t0) / 1000.0 / n,
                    (double) found / n);
        }
    }
}
