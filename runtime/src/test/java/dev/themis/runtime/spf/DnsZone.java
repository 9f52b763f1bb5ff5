package dev.themis.runtime.spf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS zone for tests, served either in-process ({@link MapDnsService}) or over UDP ({@link
 * LocalDnsServer}), so the same cases run against both. Names listed with {@link #unreachable} make
 * the server drop the query (a timeout) and the map service report a timeout.
 */
public final class DnsZone {

    private final Map<String, List<Record>> records = new HashMap<>();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

    /** Adds a record in master-file syntax, e.g. {@code add("example.com", "TXT", "\"v=spf1 -all\"")}. */
    public DnsZone add(String name, String type, String rdata) {
        try {
            Name n = Name.fromString(name, Name.root);
            Record r = Record.fromString(n, Type.value(type), DClass.IN, 60, rdata, Name.root);
            records.computeIfAbsent(key(n), k -> new ArrayList<>()).add(r);
            return this;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("bad test record " + name + " " + type + " " + rdata, e);
        }
    }

    /** A TXT record with one string. */
    public DnsZone txt(String name, String text) {
        return add(name, "TXT", "\"" + text + "\"");
    }

    /** Queries for this name are never answered (they time out). */
    public DnsZone unreachable(String name) {
        try {
            unreachable.add(key(Name.fromString(name, Name.root)));
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
        return this;
    }

    boolean isUnreachable(Name name) {
        return unreachable.contains(key(name));
    }

    boolean exists(Name name) {
        return records.containsKey(key(name));
    }

    /** Records of the type at the name (empty when the name or the type has none). */
    List<Record> lookup(Name name, int type) {
        return records.getOrDefault(key(name), List.of()).stream()
                .filter(r -> r.getType() == type)
                .toList();
    }

    private static String key(Name n) {
        return n.toString().toLowerCase(Locale.ROOT);
    }
}
