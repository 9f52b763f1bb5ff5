package dev.themis.tmscli;

import dev.themis.tmscli.ops.Backend;
import dev.themis.tmscli.settings.ConnectionSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs tmscli in-process and keeps what it printed. */
record Run(int status, String out, String err) {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    static Run of(
            Function<ConnectionSettings, Backend> backend,
            Path home,
            Map<String, String> env,
            String stdin,
            List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                home,
                home.resolve("etc-themis-config.yaml"),
                false,
                CLOCK);
        int status = new Tmscli(io, backend).run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run of(Backend backend, Path home, String... args) {
        return of(s -> backend, home, Map.of(), "", List.of(args));
    }
}
