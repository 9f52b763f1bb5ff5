package dev.themis.benchmarks.compiler;

import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.decision.MessageKeys;
import dev.themis.compiler.decision.PolicyIndex;
import dev.themis.compiler.model.Policy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Asking the decision index for the candidate policies of one message, at 10, 1,000 and 10,000
 * policies over 1,000 groups with 100,000 members (goal: under 10 µs at 10,000 policies). The
 * messages cycle through 1,024 senders and client IPs drawn from the group members and outside
 * them.
 *
 * <p>Run:
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar 'dev.themis.benchmarks.compiler.CandidatesBenchmark' -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CandidatesBenchmark {
    @Param({"10", "1000", "10000"})
    public int policies;

    private PolicyIndex index = Compiler.compileSources(List.of()).index().orElseThrow();
    private MessageKeys[] messages = new MessageKeys[0];
    private int next;

    @Setup
    public void setUp() throws UnknownHostException {
        index = Compiler.compileSources(
                        List.of(new Source("bench.tms", PolicyCorpus.text(policies, 1_000, 100_000, 42))))
                .index()
                .orElseThrow();
        messages = messages();
    }

    /** 1,024 messages: senders and client IPs drawn from the group members and outside them. */
    static MessageKeys[] messages() throws UnknownHostException {
        Random r = new Random(7);
        MessageKeys[] out = new MessageKeys[1024];
        for (int i = 0; i < out.length; i++) {
            int id = r.nextInt(120_000);
            String sender = switch (i % 3) {
                case 0 -> "u" + id + "@d" + (id % 977) + ".example";
                case 1 -> "someone@d" + id + ".example";
                default -> "stranger" + i + "@outside.example";
            };
            InetAddress ip = i % 2 == 0
                    ? InetAddress.getByName("10." + ((id >> 16) & 255) + "." + ((id >> 8) & 255) + "." + (id & 255))
                    : InetAddress.getByName("2001:db8:" + Integer.toHexString(id & 0xffff) + "::25");
            out[i] = new MessageKeys(sender, ip, List.of("rcpt@d" + (id % 100) + ".example"), null);
        }
        return out;
    }

    @Benchmark
    public List<Policy> candidates() {
        MessageKeys keys = messages[next++ & (messages.length - 1)];
        return index.candidates(keys);
    }
}
