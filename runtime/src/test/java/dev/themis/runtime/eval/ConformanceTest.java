package dev.themis.runtime.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.runtime.Decision;
import dev.themis.runtime.Header;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.RuntimeListener;
import dev.themis.runtime.SmtpReply;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.limit.CounterKeys;
import dev.themis.runtime.limit.Limiter;
import dev.themis.runtime.limit.MemoryLimiter;
import dev.themis.runtime.limit.RedisLimiter;
import dev.themis.runtime.spf.SpfChecker;
import dev.themis.runtime.spf.SpfOutcome;
import dev.themis.runtime.spf.SpfResult;
import dev.themis.runtime.testing.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * Runs every conformance case (policies, state, messages, expected decisions) against both counter
 * stores: in memory (embedded mode) and a real redis-server.
 */
class ConformanceTest {
    static final Instant T0 = Instant.parse("2027-01-04T10:00:00Z");

    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    private static RedisClient client;

    @BeforeAll
    static void connect() {
        client = RedisClient.builder().hostAndPort(redis.host(), redis.port()).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @TestFactory
    Stream<DynamicNode> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(ConformanceTest.class.getResource("/conformance").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".case")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<DynamicNode> out = new ArrayList<>();
        for (Path f : files) {
            ConformanceCase c = ConformanceCase.read(f);
            out.add(DynamicContainer.dynamicContainer(
                    c.name(),
                    f.toUri(),
                    Stream.of(
                            DynamicTest.dynamicTest("memory", () -> run(c, false)),
                            DynamicTest.dynamicTest("redis", () -> run(c, true)))));
        }
        return out.stream();
    }

    private static void run(ConformanceCase c, boolean useRedis) throws Exception {
        CompileResult result = Compiler.compileSources(List.of(new Source(c.name() + ".tms", c.policies())));
        assertThat(result.policySet())
                .as(() -> DiagnosticRenderer.human(result.diagnostics(), n -> c.policies()))
                .isPresent();
        Snapshot snapshot = Snapshot.of(result.policySet().get(), result.index().orElseThrow(), 7, T0);
        TestClock clock = new TestClock(T0);
        Limiter limiter;
        MemoryLimiter memory = new MemoryLimiter();
        if (useRedis) {
            client.flushAll();
            limiter = new RedisLimiter(client, "themis:", 86_400);
        } else {
            limiter = memory;
        }
        Map<String, SpfResult> spf = new HashMap<>();
        for (String[] s : c.state()) {
            switch (s[0]) {
                case "metadata" -> {
                    if (useRedis) {
                        client.hset(new CounterKeys("themis:").metadata(s[1]), s[2], s[3]);
                    } else {
                        memory.putMetadata(s[1], s[2], s[3]);
                    }
                }
                case "spf" -> spf.put(s[1], SpfResult.valueOf(s[2].toUpperCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown state line " + s[0]);
            }
        }
        SpfChecker checker = (ip, sender, helo, receiver) -> {
            SpfResult r = ip == null ? SpfResult.NONE : spf.getOrDefault(ip.getHostAddress(), SpfResult.NONE);
            Header h = ip == null ? null : new Header("Received-SPF", r.keyword() + " (test)");
            return new SpfOutcome(
                    r, "mailfrom", sender.contains("@") ? sender.substring(sender.indexOf('@') + 1) : "", "test", h);
        };
        Evaluator evaluator = new Evaluator(
                limiter, checker, () -> null, Verdict.ACCEPT, new StoreHealth(RuntimeListener.NONE, clock), clock);
        for (ConformanceCase.Message m : c.messages()) {
            int repeat = Integer.parseInt(m.one("repeat", "1"));
            long every = Long.parseLong(m.one("every", "0"));
            long at = Long.parseLong(m.one("at", "0"));
            for (int n = 0; n < repeat; n++) {
                clock.set(T0.plusMillis(at + n * every));
                Decision d = evaluator.decide(snapshot, facts(m));
                check(c, m, n, d);
            }
        }
    }

    private static MessageFacts facts(ConformanceCase.Message m) throws IOException {
        String ip = m.one("ip", "192.0.2.10");
        List<Header> headers = new ArrayList<>();
        for (String h : m.all("header")) {
            int colon = h.indexOf(':');
            headers.add(new Header(
                    h.substring(0, colon).strip(), h.substring(colon + 1).strip()));
        }
        List<String> to = new ArrayList<>();
        for (String t : m.all("to")) {
            to.addAll(List.of(t.split(",")));
        }
        if (to.isEmpty()) {
            to.add("someone@example.org");
        }
        String sasl = m.one("sasl", "");
        String helo = m.one("helo", "client.example.net");
        String mta = m.one("mta", "");
        InetAddress address = ip.equals("none") ? null : InetAddress.getByName(ip);
        return new MessageFacts(
                "Q" + m.line(),
                mta.isEmpty() ? null : mta,
                address,
                helo,
                m.one("from", "sender@example.com"),
                to,
                sasl.isEmpty() ? null : sasl,
                headers,
                false);
    }

    private static void check(ConformanceCase c, ConformanceCase.Message m, int n, Decision d) {
        List<String> e = m.expected();
        String where = c.name() + " line " + m.line() + " (message " + (n + 1) + "): " + d;
        assertThat(d.verdict()).as(where).isEqualTo(Verdict.valueOf(e.getFirst()));
        int i = 1;
        if (e.size() > 1 && !e.get(1).contains("=")) {
            assertThat(e.size())
                    .as(where + ": a reply is CODE ENHANCED \"TEXT\"")
                    .isGreaterThanOrEqualTo(4);
            SmtpReply reply = java.util.Objects.requireNonNull(d.reply(), where + ": no reply");
            assertThat(reply.code()).as(where).isEqualTo(Integer.parseInt(e.get(1)));
            assertThat(reply.enhancedCode()).as(where).isEqualTo(e.get(2));
            assertThat(reply.text()).as(where).isEqualTo(e.get(3));
            i = 4;
        }
        List<String> headers = new ArrayList<>();
        for (; i < e.size(); i++) {
            String tok = e.get(i);
            int eq = tok.indexOf('=');
            String key = tok.substring(0, eq);
            String value = tok.substring(eq + 1);
            switch (key) {
                case "policy" -> assertThat(d.policy()).as(where).isEqualTo(value.equals("-") ? null : value);
                case "object" -> assertThat(d.object()).as(where).isEqualTo(value);
                case "header" -> {
                    if (!value.isEmpty()) { // a bare `header=` expects no added header at all
                        headers.add(value);
                    }
                }
                case "detail" -> assertThat(d.detail()).as(where).contains(value);
                default -> throw new AssertionError(where + ": unknown expectation " + key);
            }
        }
        if (!headers.isEmpty() || e.contains("header=")) {
            assertThat(d.addHeaders().stream()
                            .map(h -> h.name() + ": " + h.value())
                            .toList())
                    .as(where)
                    .containsExactlyElementsOf(headers);
        }
    }
}
