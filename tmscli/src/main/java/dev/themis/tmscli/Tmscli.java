package dev.themis.tmscli;

import dev.themis.compiler.model.PolicyAttribute;
import dev.themis.tmscli.cli.CommandLineParser;
import dev.themis.tmscli.cli.Completions;
import dev.themis.tmscli.cli.GlobalOptions;
import dev.themis.tmscli.cli.Help;
import dev.themis.tmscli.cli.Invocation;
import dev.themis.tmscli.cli.UsageException;
import dev.themis.tmscli.ops.Backend;
import dev.themis.tmscli.ops.Commands;
import dev.themis.tmscli.ops.ConflictException;
import dev.themis.tmscli.ops.DiagnosticsException;
import dev.themis.tmscli.ops.StoreException;
import dev.themis.tmscli.settings.ConfigDiscovery;
import dev.themis.tmscli.settings.ConnectionSettings;
import dev.themis.tmscli.shell.Shell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * tmscli: the Themis administration tool. Exit status 0 done, 1 a difference or a "no" answer, 2
 * an error (one message on standard error; nothing half-written).
 */
public final class Tmscli {
    public static final int OK = 0;
    public static final int DIFFERENT = 1;
    public static final int ERROR = 2;

    private final Io io;
    private final Function<ConnectionSettings, Backend> opener;
    private @Nullable String lastUrl;

    public Tmscli(Io io, Function<ConnectionSettings, Backend> opener) {
        this.io = io;
        this.opener = opener;
    }

    public static void main(String[] args) {
        Io io = Io.system();
        int status = new Tmscli(io, dev.themis.tmscli.ops.RedisBackend::open).run(Arrays.asList(args));
        io.out().flush();
        io.err().flush();
        System.exit(status);
    }

    /** Runs one command line; returns the exit status. Never throws. */
    public int run(List<String> args) {
        return run(args, false);
    }

    private int run(List<String> args, boolean inShell) {
        if (!inShell && !args.isEmpty() && args.getFirst().equals(BashCompletion.COMPLETE_COMMAND)) {
            List<String> words = args.subList(1, args.size());
            GlobalOptions o = CommandLineParser.optionsOf(words.isEmpty() ? words : words.subList(0, words.size() - 1));
            return complete(words, o);
        }
        GlobalOptions options = GlobalOptions.none();
        Commands commands = null;
        try {
            CommandLineParser.Parsed parsed = CommandLineParser.parse(args, inShell);
            options = parsed.options();
            Invocation inv = parsed.invocation();
            switch (inv) {
                case Invocation.Nothing n -> {
                    if (io.interactive() && !inShell) {
                        return shell(options);
                    }
                    io.err().print(Help.general());
                    return ERROR;
                }
                case Invocation.Help h -> {
                    io.out().print(h.topic() == null ? Help.general() : Help.topic(h.topic(), Tmscli::placeholder));
                    return OK;
                }
                case Invocation.Version v -> {
                    io.out().println("tmscli " + version());
                    return OK;
                }
                case Invocation.Lint l -> {
                    return CompilerTools.run("LintCommand", l.args(), io);
                }
                case Invocation.Fmt f -> {
                    return CompilerTools.run("FmtCommand", f.args(), io);
                }
                case Invocation.Completion c -> {
                    io.out().print(BashCompletion.script());
                    return OK;
                }
                case Invocation.Shell s -> {
                    if (inShell) {
                        io.out().println("already in the shell");
                        return OK;
                    }
                    return shell(options);
                }
                default -> {
                    final GlobalOptions o = options;
                    commands = new Commands(io, options, () -> open(o));
                    return commands.run(inv);
                }
            }
        } catch (UsageException e) {
            io.err().println("tmscli: " + e.getMessage());
            if (e.topic() != null && !inShell) {
                io.err().println("(see: tmscli --help " + e.topic() + ")");
            }
            return ERROR;
        } catch (DiagnosticsException e) {
            io.err().print(withNewline(e.getMessage()));
            return ERROR;
        } catch (ConflictException | StoreException e) {
            io.err().println("tmscli: " + e.getMessage());
            debug(options, e);
            return ERROR;
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
            io.err()
                    .println("tmscli: cannot reach Redis" + (lastUrl == null ? "" : " at " + lastUrl) + ": "
                            + rootMessage(e));
            debug(options, e);
            return ERROR;
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            io.err()
                    .println("tmscli: Redis" + (lastUrl == null ? "" : " at " + lastUrl) + " answered: "
                            + rootMessage(e));
            debug(options, e);
            return ERROR;
        } catch (UnsupportedOperationException e) {
            io.err().println("tmscli: not available in this version: " + e.getMessage());
            return ERROR;
        } catch (RuntimeException e) {
            io.err().println("tmscli: internal error: " + e);
            debug(options, e);
            return ERROR;
        } finally {
            if (commands != null) {
                try {
                    commands.close();
                } catch (RuntimeException e) {
                    debug(options, e);
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private Backend open(GlobalOptions options) {
        ConnectionSettings settings = ConfigDiscovery.resolve(options, io);
        lastUrl = settings.redactedUrl();
        if (options.debug()) {
            io.err()
                    .println("tmscli: configuration from "
                            + (settings.sources().isEmpty() ? "defaults" : String.join(", ", settings.sources()))
                            + "; Redis " + settings.redactedUrl());
        }
        return opener.apply(settings);
    }

    private int shell(GlobalOptions options) {
        Backend[] backend = {null};
        long[] fetched = {0};
        Completions.Names[] cached = {Completions.Names.NONE};
        Shell shell = new Shell(
                io.home().resolve(".tmscli_history"),
                () -> {
                    long now = io.clock().millis();
                    if (now - fetched[0] > 2000) {
                        fetched[0] = now;
                        cached[0] = names(options, backend);
                    }
                    return cached[0];
                },
                words -> {
                    int status = run(withBaseOptions(options, words), true);
                    fetched[0] = 0; // a command may have changed the names
                    return status;
                });
        try {
            return shell.run(io.out());
        } finally {
            if (backend[0] != null) {
                backend[0].close();
            }
        }
    }

    /** Options given when the shell started (e.g. --redis) apply to every line. */
    private static List<String> withBaseOptions(GlobalOptions o, List<String> words) {
        List<String> out = new ArrayList<>(words);
        if (o.redisUrl() != null) {
            out.addAll(List.of("--redis", o.redisUrl()));
        }
        if (o.user() != null) {
            out.addAll(List.of("--user", o.user()));
        }
        if (o.password() != null) {
            out.addAll(List.of("--password", o.password()));
        }
        if (o.tls()) {
            out.add("--tls");
        }
        if (o.trustStore() != null) {
            out.addAll(List.of("--truststore", o.trustStore()));
        }
        if (o.trustStorePassword() != null) {
            out.addAll(List.of("--truststore-password", o.trustStorePassword()));
        }
        if (o.prefix() != null) {
            out.addAll(List.of("--prefix", o.prefix()));
        }
        if (o.config() != null) {
            out.addAll(List.of("--config", o.config()));
        }
        if (o.debug()) {
            out.add("--debug");
        }
        if (o.json() && !words.contains("--json")) {
            out.add("--json");
        }
        return out;
    }

    private Completions.Names names(GlobalOptions options, Backend[] holder) {
        try {
            if (holder[0] == null) {
                holder[0] = open(options);
            }
            Backend b = holder[0];
            List<String> policies = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            List<String> pools = new ArrayList<>();
            for (String key : b.config().read().statements().keySet()) {
                int i = key.indexOf(':');
                String kind = key.substring(0, i);
                String name = key.substring(i + 1);
                switch (kind) {
                    case "policy" -> policies.add(name);
                    case "group" -> groups.add(name);
                    case "pool" -> pools.add(name);
                    default -> {}
                }
            }
            return new Completions.Names() {
                @Override
                public List<String> policies() {
                    return policies;
                }

                @Override
                public List<String> groups() {
                    return groups;
                }

                @Override
                public List<String> pools() {
                    return pools;
                }
            };
        } catch (RuntimeException e) {
            return Completions.Names.NONE;
        }
    }

    /** {@code tmscli __complete WORD...}: candidates for the last word, one per line (bash). */
    int complete(List<String> words, GlobalOptions options) {
        List<String> before = words.isEmpty() ? List.of() : words.subList(0, words.size() - 1);
        String current = words.isEmpty() ? "" : words.getLast();
        Backend[] holder = {null};
        try {
            Completions.Result r = Completions.complete(before, current, names(options, holder), false);
            for (String w : r.words()) {
                io.out().println(w);
            }
            if (r.files()) {
                io.out().println("__files__");
            }
        } finally {
            if (holder[0] != null) {
                holder[0].close();
            }
        }
        return OK;
    }

    static String placeholder(String name) {
        if (name.equals("ATTRIBUTES")) {
            StringBuilder b = new StringBuilder();
            for (PolicyAttribute a : PolicyAttribute.values()) {
                String def = a.defaultValue().map(d -> " (default " + d + ")").orElse(" (required)");
                b.append(String.format(Locale.ROOT, "  %-19s %s%s%n", a.spelling(), a.description(), def));
            }
            return b.toString().stripTrailing();
        }
        return "@" + name + "@";
    }

    private void debug(GlobalOptions options, Throwable e) {
        if (options.debug()) {
            e.printStackTrace(io.err());
        }
    }

    private static String withNewline(@Nullable String s) {
        String t = s == null ? "" : s;
        return t.endsWith("\n") ? t : t + "\n";
    }

    static String version() {
        String v = Tmscli.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
