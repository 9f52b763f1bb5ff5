package dev.themis.milter.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class GroupWriteAppenderTest {

    /** One line per event, the event as text. */
    static final class LineEncoder extends EncoderBase<String> {
        @Override
        public byte[] headerBytes() {
            return new byte[0];
        }

        @Override
        public byte[] encode(String event) {
            return (event + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return new byte[0];
        }
    }

    /** A stream that tests may read while the writer thread writes. */
    static final class Sink extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    private static GroupWriteAppender<String> appender(Sink sink, long flushMillis, int flushBytes, int maxBytes) {
        GroupWriteAppender<String> a = new GroupWriteAppender<>();
        a.setContext(new LoggerContext());
        a.setName("test");
        a.setEncoder(new LineEncoder());
        a.setFlushMillis(flushMillis);
        a.setFlushBytes(flushBytes);
        a.setMaxBytes(maxBytes);
        a.setOutputStream(sink);
        a.start();
        assertThat(a.isStarted()).isTrue();
        return a;
    }

    @Test
    void everyLineOfManyThreadsIsWrittenOnceWholeAndInTheThreadsOrder() throws Exception {
        Sink sink = new Sink();
        // a small buffer, so logging threads also wait for the writer (back-pressure, nothing dropped)
        GroupWriteAppender<String> a = appender(sink, 5, 1024, 4096);
        int threads = 8;
        int lines = 3000;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < lines; i++) {
                    a.doAppend("t" + id + " " + i + " " + "x".repeat(i % 50));
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        a.stop();

        String[] written = sink.text().split("\n", -1);
        assertThat(written[written.length - 1]).isEmpty(); // the output ends with a whole line
        assertThat(written).hasSize(threads * lines + 1);
        Map<String, Integer> next = new HashMap<>();
        for (int i = 0; i < written.length - 1; i++) {
            String[] f = written[i].split(" ", -1);
            int n = Integer.parseInt(f[1]);
            assertThat(f[2]).isEqualTo("x".repeat(n % 50));
            assertThat(n).as("line %d of %s", n, f[0]).isEqualTo(next.getOrDefault(f[0], 0));
            next.put(f[0], n + 1);
        }
        assertThat(next).hasSize(threads).allSatisfy((k, v) -> assertThat(v).isEqualTo(lines));
    }

    @Test
    void aLoneLineIsWrittenWithoutWaitingForMoreOrForStop() throws Exception {
        Sink sink = new Sink();
        GroupWriteAppender<String> a = appender(sink, 20, 64 * 1024, 1 << 20);
        try {
            a.doAppend("decision qid=A1 outcome=accept");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sink.text().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sink.text()).isEqualTo("decision qid=A1 outcome=accept\n");
            // the writer went back to waiting: a second lone line is written too
            a.doAppend("decision qid=A2 outcome=reject");
            deadline = System.nanoTime() + 10_000_000_000L;
            while (!sink.text().contains("A2") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sink.text()).endsWith("decision qid=A2 outcome=reject\n");
        } finally {
            a.stop();
        }
    }

    @Test
    void stopWritesWhatIsPendingAndLaterLinesAreNotLost() {
        Sink sink = new Sink();
        // flushMillis far away: only stop() can write these
        GroupWriteAppender<String> a = appender(sink, 600_000, 1 << 20, 1 << 21);
        for (int i = 0; i < 100; i++) {
            a.doAppend("line " + i);
        }
        a.stop();
        assertThat(sink.text().lines()).hasSize(100).startsWith("line 0").endsWith("line 99");
        assertThat(a.isStarted()).isFalse();
    }

    @Test
    void aMissingEncoderOrInconsistentSizesDoNotStart() {
        GroupWriteAppender<String> noEncoder = new GroupWriteAppender<>();
        noEncoder.setContext(new LoggerContext());
        noEncoder.start();
        assertThat(noEncoder.isStarted()).isFalse();

        GroupWriteAppender<String> sizes = new GroupWriteAppender<>();
        sizes.setContext(new LoggerContext());
        sizes.setEncoder(new LineEncoder());
        sizes.setFlushBytes(1000);
        sizes.setMaxBytes(10);
        sizes.start();
        assertThat(sizes.isStarted()).isFalse();
    }

    @Test
    void themisdsLoggingConfigurationUsesIt() throws Exception {
        // the logback.xml that ships in themisd.jar (tests have their own logback-test.xml)
        URL config =
                Objects.requireNonNull(GroupWriteAppender.class.getClassLoader().getResource("logback.xml"));
        LoggerContext ctx = new LoggerContext();
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        jc.doConfigure(config);
        try {
            Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            assertThat(root.getAppender("STDOUT")).isInstanceOf(GroupWriteAppender.class);
            assertThat(root.getAppender("STDOUT").isStarted()).isTrue();
        } finally {
            ctx.stop();
        }
    }
}
