package dev.themis.runtime.reload;

import dev.themis.compiler.Compiler;
import dev.themis.compiler.ParseResult;
import dev.themis.compiler.Source;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.print.Printer;
import dev.themis.runtime.config.ConfigStore;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** Pushes {@code .tms} text into the Redis configuration store, as {@code tmscli push} does. */
final class StoredConfig {
    private StoredConfig() {}

    static Map<String, String> statements(String tms) {
        ParseResult r = Compiler.parseFile(new Source("test.tms", tms));
        if (!r.diagnostics().isEmpty()) {
            throw new IllegalArgumentException("test configuration does not parse: " + r.diagnostics());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Statement s : r.statements()) {
            out.put(s.key(), Printer.print(s));
        }
        return out;
    }

    static long push(UnifiedJedis jedis, String tms) {
        return new ConfigStore(jedis, "themis:").replaceAll(statements(tms)).version();
    }
}
