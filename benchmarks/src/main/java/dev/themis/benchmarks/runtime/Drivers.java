package dev.themis.benchmarks.runtime;

import dev.themis.compiler.Compiler;
import dev.themis.compiler.ParseResult;
import dev.themis.compiler.Source;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.print.Printer;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.redis.HostPort;
import dev.themis.runtime.redis.RedisConnection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** Shared helpers of the runtime drivers. */
final class Drivers {
    private Drivers() {}

    static Map<String, String> arguments(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, found " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }

    /** Replaces the stored configuration with {@code tms}. */
    static long push(RedisConnection connection, String tms) {
        ParseResult r = Compiler.parseFile(new Source("driver.tms", tms));
        if (!r.diagnostics().isEmpty()) {
            throw new IllegalArgumentException("driver configuration does not parse: " + r.diagnostics());
        }
        Map<String, String> statements = new LinkedHashMap<>();
        for (Statement s : r.statements()) {
            statements.put(s.key(), Printer.print(s));
        }
        return new ConfigStore(connection).replaceAll(statements).version();
    }

    /** Sum of INFO commandstats calls over every master, by command. */
    static Map<String, Long> commandStats(RedisConnection connection) {
        Map<String, Long> out = new HashMap<>();
        for (HostPort node : connection.masters()) {
            String info = connection.onNode(node, (UnifiedJedis j) -> j.info("commandstats"));
            for (String line : info.split("\r?\n")) {
                if (!line.startsWith("cmdstat_")) {
                    continue;
                }
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int calls = line.indexOf("calls=");
                int end = line.indexOf(',', calls);
                out.merge(name, Long.parseLong(line.substring(calls + 6, end)), Long::sum);
            }
        }
        return out;
    }

    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
