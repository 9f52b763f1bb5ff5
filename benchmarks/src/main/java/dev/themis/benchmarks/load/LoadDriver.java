package dev.themis.benchmarks.load;

import dev.themis.compiler.Compiler;
import dev.themis.compiler.ParseResult;
import dev.themis.compiler.Source;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.print.Printer;
import dev.themis.milter.codec.AddressFamily;
import dev.themis.milter.codec.Command;
import dev.themis.milter.codec.Protocol;
import dev.themis.milter.codec.Response;
import dev.themis.milter.mta.MilterClient;
import dev.themis.milter.server.ListenAddress;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.config.ReplaceResult;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.redis.RedisSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a running themisd the way Postfix does (the MTA side of the milter protocol, with our codec)
 * and reports messages per second and latency. Each connection is one SMTP session carrying
 * {@code --messages} messages (MAIL, 1..{@code --recipients} RCPTs, DATA, and headers plus end of
 * message when themisd asks for them), then a new connection, like smtpd does. Senders follow a Zipf
 * distribution; half of them authenticate ({@code {auth_authen}}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.themis.benchmarks.load.LoadDriver \
 *     --target inet:127.0.0.1:8440 --connections 32 --messages 10 --duration 20s --warmup 5s
 * </pre>
 *
 * Setting up Redis with a policy file first (a tiny {@code tmscli push}):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.themis.benchmarks.load.LoadDriver \
 *     --push-policies docs/benchmarks/milter-20-policies.tms --redis redis://127.0.0.1:6379
 * </pre>
 *
 * Latency is measured per message from sending MAIL to reading the final answer.
 */
public final class LoadDriver {
    private LoadDriver() {}

    record Settings(
            ListenAddress target,
            int connections,
            int messagesPerConnection,
            int maxRecipients,
            int senders,
            double zipf,
            double authenticated,
            long warmupNanos,
            long durationNanos,
            long seed,
            double rate) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        if (opts.containsKey("help")) {
            System.out.println(USAGE);
            return;
        }
        if (opts.containsKey("push-policies")) {
            push(Path.of(opts.get("push-policies")), require(opts, "redis"));
            return;
        }
        Settings s = new Settings(
                ListenAddress.parse(opts.getOrDefault("target", "inet:127.0.0.1:8440")),
                Integer.parseInt(opts.getOrDefault("connections", "32")),
                Integer.parseInt(opts.getOrDefault("messages", "10")),
                Integer.parseInt(opts.getOrDefault("recipients", "3")),
                Integer.parseInt(opts.getOrDefault("senders", "5000")),
                Double.parseDouble(opts.getOrDefault("zipf", "1.1")),
                Double.parseDouble(opts.getOrDefault("auth", "0.5")),
                seconds(opts.getOrDefault("warmup", "5s")),
                seconds(opts.getOrDefault("duration", "20s")),
                Long.parseLong(opts.getOrDefault("seed", "42")),
                Double.parseDouble(opts.getOrDefault("rate", "0")));
        Result r = run(s);
        System.out.println(r.report(s));
    }

    static final String USAGE = """
            LoadDriver [--target SOCKET] [--connections 32] [--messages 10] [--recipients 3]
                       [--senders 5000] [--zipf 1.1] [--auth 0.5] [--warmup 5s] [--duration 20s] [--seed 42]
                       [--rate MSG_PER_S]
            --rate paces the connections to that many messages per second in all (default 0: as fast
            as themisd answers). A paced run with --messages 1 looks like Postfix at a steady load: one
            SMTP session per message, themisd mostly waiting between events; then themisd's CPU time
            per message, not the rate, is the figure to compare.
            LoadDriver --push-policies FILE.tms --redis URL
            """;

    /** Outcome counts and latencies of a run. */
    record Result(long messages, double seconds, long[] latenciesNanos, Map<String, Long> outcomes, long errors) {
        double perSecond() {
            return messages / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }

        String report(Settings s) {
            return String.format(
                    Locale.ROOT,
                    "%d connections x %d messages/connection, %d senders (zipf %.2f), %.0f%% authenticated:%n"
                            + "  %.0f msg/s over %.1f s (%d messages), latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms,"
                            + " outcomes %s, errors %d",
                    s.connections(),
                    s.messagesPerConnection(),
                    s.senders(),
                    s.zipf(),
                    s.authenticated() * 100,
                    perSecond(),
                    seconds,
                    messages,
                    percentileMillis(0.5),
                    percentileMillis(0.99),
                    percentileMillis(0.999),
                    outcomes,
                    errors);
        }
    }

    static Result run(Settings s) throws InterruptedException {
        SenderDistribution senders = new SenderDistribution(s.senders(), s.zipf());
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder messages = new LongAdder();
        AtomicLong errors = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < s.connections(); i++) {
            Worker w = new Worker(s, senders, new SplittableRandom(s.seed() + i), measuring, stop, messages, errors);
            workers.add(w);
            threads.add(Thread.ofVirtual().name("load-" + i).start(w));
        }
        Thread.sleep(s.warmupNanos() / 1_000_000);
        messages.reset();
        workers.forEach(Worker::resetStats);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(s.durationNanos() / 1_000_000);
        measuring.set(false);
        long took = System.nanoTime() - start;
        long count = messages.sum();
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        int total = workers.stream().mapToInt(w -> w.latencyCount).sum();
        long[] all = new long[total];
        int pos = 0;
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, pos, w.latencyCount);
            pos += w.latencyCount;
            w.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        }
        Arrays.sort(all);
        return new Result(count, took / 1e9, all, outcomes, errors.get());
    }

    /** One concurrent SMTP-session stream: connection after connection, message after message. */
    static final class Worker implements Runnable {
        private final Settings s;
        private final SenderDistribution senders;
        private final SplittableRandom random;
        private final AtomicBoolean measuring;
        private final AtomicBoolean stop;
        private final LongAdder messages;
        private final AtomicLong errors;
        long[] latencies = new long[1 << 16];
        int latencyCount;
        final Map<String, Long> outcomes = new LinkedHashMap<>();
        private long queueIds;
        private long nextAt;

        Worker(
                Settings s,
                SenderDistribution senders,
                SplittableRandom random,
                AtomicBoolean measuring,
                AtomicBoolean stop,
                LongAdder messages,
                AtomicLong errors) {
            this.s = s;
            this.senders = senders;
            this.random = random;
            this.measuring = measuring;
            this.stop = stop;
            this.messages = messages;
            this.errors = errors;
        }

        synchronized void resetStats() {
            latencyCount = 0;
            outcomes.clear();
        }

        @Override
        public void run() {
            while (!stop.get()) {
                pace(); // the session's first message: connect when it is due, as an MTA does
                try (MilterClient c = MilterClient.connect(s.target())) {
                    session(c);
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    if (errors.get() < 5) {
                        System.err.println("load: " + e);
                    }
                }
            }
        }

        private void session(MilterClient c) throws IOException {
            c.negotiate();
            int clientIp = random.nextInt(1 << 16);
            String ip = "10.1." + (clientIp >> 8) + "." + (clientIp & 0xFF);
            c.event(
                    macros(Protocol.SMFIC_CONNECT, "j", "mx1.example.test", "{daemon_name}", "mx1.example.test"),
                    new Command.Connect("client.example", AddressFamily.INET, 40_000 + random.nextInt(20_000), ip));
            c.event(macros(Protocol.SMFIC_HELO), new Command.Helo("client.example"));
            for (int m = 0; m < s.messagesPerConnection() && !stop.get(); m++) {
                if (m > 0) {
                    pace();
                }
                message(c);
                c.send(new Command.Abort());
            }
            c.send(new Command.Abort(), new Command.Quit());
        }

        /** With --rate: waits for this connection's next turn (each connection sends rate / connections). */
        private void pace() {
            if (s.rate() <= 0) {
                return;
            }
            long interval = (long) (1e9 * s.connections() / s.rate());
            long now = System.nanoTime();
            if (nextAt == 0) {
                nextAt = now + random.nextLong(interval); // spread the connections over one interval
            }
            long wait = nextAt - now;
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            nextAt = Math.max(nextAt + interval, now - interval); // catch up at most one turn
        }

        private void message(MilterClient c) throws IOException {
            int sender = senders.next(random);
            String from = "user" + sender + "@domain" + (sender % 97) + ".example";
            // Whether a sender authenticates is a property of the sender (a customer login or not).
            boolean auth = Math.floorMod(sender * 0x9E3779B9, 1000) < s.authenticated() * 1000;
            String qid = Long.toHexString(0xA00000000L + (Thread.currentThread().threadId() << 20) + queueIds++)
                    .toUpperCase(Locale.ROOT);
            long start = System.nanoTime();
            Command.Macros mail = auth
                    ? macros(Protocol.SMFIC_MAIL, "{auth_authen}", "user" + sender, "{mail_addr}", from)
                    : macros(Protocol.SMFIC_MAIL, "{mail_addr}", from);
            c.event(mail, new Command.Mail(List.of("<" + from + ">", "SIZE=2048")));
            int rcpts = 1 + random.nextInt(s.maxRecipients());
            for (int r = 0; r < rcpts; r++) {
                String to = "rcpt" + random.nextInt(1000) + "@dest" + random.nextInt(20) + ".example";
                Command.Macros rm = r == 0
                        ? macros(Protocol.SMFIC_RCPT, "{rcpt_addr}", to)
                        : macros(Protocol.SMFIC_RCPT, "i", qid, "{rcpt_addr}", to);
                c.event(rm, new Command.Rcpt(List.of("<" + to + ">")));
            }
            List<Response> answer = c.event(macros(Protocol.SMFIC_DATA, "i", qid), new Command.Data());
            if (!isFinalAnswer(answer)) {
                c.event(macros(Protocol.SMFIC_HEADER, "i", qid), new Command.Header("From", "<" + from + ">"));
                c.event(macros(Protocol.SMFIC_HEADER, "i", qid), new Command.Header("Subject", "load " + qid));
                c.event(macros(Protocol.SMFIC_EOH, "i", qid), new Command.EndOfHeaders());
                answer = c.event(macros(Protocol.SMFIC_BODYEOB, "i", qid), new Command.EndOfMessage());
            }
            long took = System.nanoTime() - start;
            if (measuring.get()) {
                record(took, outcome(answer) + (auth ? "/auth" : ""));
                messages.increment();
            }
        }

        private static boolean isFinalAnswer(List<Response> answer) {
            return !answer.isEmpty() && !(answer.getLast() instanceof Response.Continue);
        }

        private synchronized void record(long nanos, String outcome) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = nanos;
            outcomes.merge(outcome, 1L, Long::sum);
        }

        private static String outcome(List<Response> answer) {
            if (answer.stream().anyMatch(r -> r instanceof Response.Quarantine)) {
                return "hold";
            }
            Response last = answer.isEmpty() ? Response.CONTINUE : answer.getLast();
            return switch (last) {
                case Response.ReplyCode y -> y.text().startsWith("4") ? "tempfail" : "reject";
                case Response.Accept a -> "accept";
                case Response.Continue c -> "accept";
                default -> last.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            };
        }
    }

    static Command.Macros macros(byte code, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Command.Macros(code, new LinkedHashMap<>(m));
    }

    /** Replaces the configuration stored in Redis with the statements of one policy file. */
    static void push(Path file, String url) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        ParseResult parsed = Compiler.parseFile(new Source(file.toString(), text));
        if (parsed.diagnostics().stream().anyMatch(d -> d.isError())) {
            System.err.print(DiagnosticRenderer.human(parsed.diagnostics(), n -> text));
            System.exit(1);
        }
        Map<String, String> statements = new LinkedHashMap<>();
        for (Statement st : parsed.statements()) {
            statements.put(st.key(), Printer.print(st));
        }
        try (RedisConnection conn = RedisConnection.open(RedisSettings.parse(url))) {
            ReplaceResult r = new ConfigStore(conn).replaceAll(statements);
            System.out.println("pushed " + statements.size() + " statements: configuration version "
                    + r.previousVersion() + " -> " + r.version());
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument `" + a + "`\n" + USAGE);
            }
            String key = a.substring(2);
            if (key.equals("help")) {
                m.put(key, "");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("option `" + a + "` needs a value");
            }
        }
        return m;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private static long seconds(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2)) * 1_000_000L;
        }
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        }
        return (long) (Double.parseDouble(t) * 1e9);
    }
}
