package dev.themis.milter.daemon;

import dev.themis.compiler.parse.Names;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * themisd's command line. Flags override the environment, which overrides the configuration file.
 *
 * @param config {@code --config FILE}
 * @param listen {@code --listen SOCKET}
 * @param redis {@code --redis URL}
 * @param check {@code --check}: validate and exit
 * @param help {@code --help}
 */
public record Options(
        @Nullable String config,
        @Nullable String listen,
        @Nullable String redis,
        boolean check,
        boolean help) {

    public static final String USAGE = """
            Usage: themisd [--config FILE] [--listen SOCKET] [--redis URL] [--check] [--help]

            The Themis rate-limiting milter for Postfix.

              --config FILE    configuration file (YAML); default: $THEMIS_CFG, else built-in defaults
              --listen SOCKET  inet:HOST:PORT, inet6:[ADDR]:PORT or unix:PATH (default inet:127.0.0.1:8440)
              --redis URL      use Redis, e.g. redis://127.0.0.1:6379 (default: $THEMIS_REDIS, else the
                               embedded store with the example policies)
              --check          validate the configuration and the policies, print diagnostics, exit 0 or 1
              --help           print this help and exit

            Environment: THEMIS_CFG (configuration file), THEMIS_REDIS (Redis URL),
            THEMIS_REDISPASSWD (Redis password). Exit status: 0 ok, 1 invalid configuration or failure
            at start, 2 bad command line. Documentation: docs/themisd.md
            """;

    /** A command-line mistake: print the message and exit 2. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public static Options parse(List<String> args) throws UsageException {
        String config = null;
        String listen = null;
        String redis = null;
        boolean check = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--config", "-c" -> {
                    config = value(args, i, name, inline);
                    if (inline == null) {
                        i++;
                    }
                }
                case "--listen", "-l" -> {
                    listen = value(args, i, name, inline);
                    if (inline == null) {
                        i++;
                    }
                }
                case "--redis", "-r" -> {
                    redis = value(args, i, name, inline);
                    if (inline == null) {
                        i++;
                    }
                }
                case "--check" -> check = noValue(name, inline);
                case "--help", "-h" -> help = noValue(name, inline);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException(
                                "unknown option `" + name + "`" + suggestion(name) + "; see themisd --help");
                    }
                    throw new UsageException("unexpected argument `" + arg + "`; see themisd --help");
                }
            }
        }
        return new Options(config, listen, redis, check, help);
    }

    private static String value(List<String> args, int i, String name, @Nullable String inline) throws UsageException {
        if (inline != null) {
            if (inline.isBlank()) {
                throw new UsageException("option `" + name + "` needs a value");
            }
            return inline;
        }
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException("option `" + name + "` needs a value");
        }
        return args.get(i + 1);
    }

    private static boolean noValue(String name, @Nullable String inline) throws UsageException {
        if (inline != null) {
            throw new UsageException("option `" + name + "` takes no value");
        }
        return true;
    }

    private static String suggestion(String name) {
        String bare = name.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
        String known = Names.suggest(bare, List.of("config", "listen", "redis", "check", "help"));
        if (known != null) {
            return "; did you mean `--" + known + "`?";
        }
        return "";
    }
}
