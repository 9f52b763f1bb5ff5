package dev.themis.runtime.monitor;

import dev.themis.runtime.Header;
import dev.themis.runtime.headers.HeaderActions;
import dev.themis.runtime.headers.HeaderRule;
import dev.themis.runtime.spf.DnsZone;
import dev.themis.runtime.spf.LocalDnsServer;
import dev.themis.runtime.spf.SpfChecker;
import dev.themis.runtime.spf.SpfSettings;
import dev.themis.runtime.testing.RedisServer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import redis.clients.jedis.RedisClient;

/**
 * Rough single-thread throughput of the extras (not a test, not JMH: a quick, repeatable figure).
 * Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl runtime -am test-compile -DskipTests &amp;&amp; ./mvnw -q -pl runtime exec:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.themis.runtime.monitor.ExtrasThroughput
 * </pre>
 *
 * Results and the machine: {@code docs/benchmarks/extras.md}.
 */
public final class ExtrasThroughput {

    private ExtrasThroughput() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.james.jspf", "error");
        headerActions();
        spf();
        monitor();
    }

    static void headerActions() {
        List<HeaderRule> rules = List.of(
                HeaderRule.compile("Precedence", "^(bulk|list)$", List.of(new Header("X-Class", "bulk"))),
                HeaderRule.compile("List-Id", "(?i)newsletter", List.of(new Header("X-Class", "news"))),
                HeaderRule.compile("X-Mailer", "(?i)(phpmailer|sendblaster)", List.of(new Header("X-Bulk", "1"))),
                HeaderRule.compile("Subject", "(?i)\\b(invoice|payment) overdue\\b", List.of(new Header("X-S", "1"))),
                HeaderRule.compile("Received", "from [^ ]+\\.example\\.net", List.of(new Header("X-R", "1"))));
        HeaderActions actions = HeaderActions.of(rules);
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            headers.add(new Header(
                    "Received",
                    "from mail" + i + ".example.org (mail" + i + ".example.org [192.0.2." + i
                            + "])\r\n\tby mx.example.com (Postfix) with ESMTPS id 4Xyz" + i));
        }
        for (String n : List.of("From", "To", "Date", "Message-ID", "MIME-Version", "Content-Type", "DKIM-Signature")) {
            headers.add(new Header(n, "value of " + n + " with some typical length <id@example.org>"));
        }
        headers.add(new Header("Subject", "Your invoice for November is attached"));
        headers.add(new Header("X-Mailer", "Microsoft Outlook 16.0"));
        measure("HeaderActions.apply, 5 rules, 18 headers", 200_000, i -> actions.apply(headers));
    }

    static void spf() throws Exception {
        DnsZone zone = new DnsZone()
                .txt("example.com", "v=spf1 include:_spf.provider.test ip4:192.0.2.0/24 -all")
                .txt("_spf.provider.test", "v=spf1 a:out.provider.test mx -all")
                .add("out.provider.test", "A", "203.0.113.7")
                .add("_spf.provider.test", "MX", "10 mx.provider.test.")
                .add("mx.provider.test", "A", "203.0.113.25");
        try (LocalDnsServer dns = LocalDnsServer.start(zone)) {
            SpfSettings base = SpfSettings.defaults().withDnsServers(List.of(dns.address()));
            InetAddress client = InetAddress.ofLiteral("192.0.2.1");
            SpfChecker cached = SpfChecker.create(base);
            measure(
                    "SPF check, 5 DNS queries, answers cached",
                    20_000,
                    i -> cached.check(client, "a@example.com", "h"));
            SpfChecker uncached = SpfChecker.create(
                    new SpfSettings(base.dnsServers(), base.lookupTimeout(), base.checkTimeout(), "mx", 0));
            measure(
                    "SPF check, 5 DNS queries over UDP to 127.0.0.1, no cache",
                    2_000,
                    i -> uncached.check(client, "a@example.com", "h"));
        }
    }

    static void monitor() {
        try (RedisServer redis = RedisServer.create().start();
                RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            RedisTrafficMonitor m = new RedisTrafficMonitor(client, "themis:");
            Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            MonitorSample sample = new MonitorSample(true, List.of("outbound", "relay"), Duration.ofDays(1));
            measure(
                    "RedisTrafficMonitor.record, 3 scopes, own pipeline",
                    50_000,
                    i -> m.record(start.plusSeconds(i % 86_400), sample));
            measure(
                    "RedisTrafficMonitor.series, one full day (1440 minutes)",
                    20,
                    i -> m.series(MonitorScope.all(), start, start.plus(Duration.ofDays(1))));
            InMemoryTrafficMonitor mem = new InMemoryTrafficMonitor();
            measure(
                    "InMemoryTrafficMonitor.record, 3 scopes",
                    1_000_000,
                    i -> mem.record(start.plusSeconds(i % 86_400), sample));
        }
    }

    static void measure(String name, int n, IntConsumer op) {
        for (int i = 0; i < n / 4 + 1; i++) {
            op.accept(i); // warm-up
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.accept(i);
        }
        double perOpMicros = (System.nanoTime() - t0) / 1_000.0 / n;
        System.out.printf(
                Locale.ROOT, "%-62s %12.2f µs/op %12.0f op/s%n", name, perOpMicros, 1_000_000.0 / perOpMicros);
    }
}
