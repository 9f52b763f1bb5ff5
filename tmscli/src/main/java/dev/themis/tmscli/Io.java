package dev.themis.tmscli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything tmscli takes from its surroundings, so tests can run it in-process: streams,
 * environment variables, the home directory, the system configuration file and a clock.
 *
 * @param in standard input (questions such as {@code -d --flushdb} read their answer here)
 * @param out standard output
 * @param err standard error
 * @param env environment variables
 * @param home the user's home directory ({@code ~/.tmscli.yaml}, shell history)
 * @param systemConfig the system configuration file, normally {@code /etc/themis/config.yaml}
 * @param interactive whether standard input and output are a terminal
 * @param clock the time
 */
public record Io(
        InputStream in,
        PrintStream out,
        PrintStream err,
        Map<String, String> env,
        Path home,
        Path systemConfig,
        boolean interactive,
        Clock clock) {

    public static final Path SYSTEM_CONFIG = Path.of("/etc/themis/config.yaml");

    public Io {
        env = Map.copyOf(env);
    }

    /** The real process surroundings. */
    public static Io system() {
        return new Io(
                System.in,
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8),
                System.getenv(),
                home(System.getenv("HOME")),
                SYSTEM_CONFIG,
                System.console() != null && System.console().isTerminal(),
                Clock.systemUTC());
    }

    /** {@code $HOME} as a shell sees it (the JVM's user.home comes from the password file). */
    static Path home(@Nullable String homeVariable) {
        return homeVariable != null && !homeVariable.isBlank()
                ? Path.of(homeVariable)
                : Path.of(System.getProperty("user.home"));
    }

    public @Nullable String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Reads one line of an answer from standard input; null at end of input. */
    public @Nullable String readLine() {
        try {
            // Not buffered across calls on purpose: only one question is ever asked per run.
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1);
            return r.readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
