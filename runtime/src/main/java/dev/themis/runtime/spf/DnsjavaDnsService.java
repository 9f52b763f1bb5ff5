package dev.themis.runtime.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * jSPF's DNS access on dnsjava, with what jSPF's own {@code DNSServiceXBillImpl} does not give us: a
 * cache owned by this instance (not dnsjava's JVM-wide default), no {@code /etc/hosts}, no search
 * path (SPF names are absolute), and every transient failure (timeout, SERVFAIL, unreachable server)
 * reported as a timeout, which jSPF turns into {@code temperror}.
 */
final class DnsjavaDnsService implements DNSService {

    private final Resolver resolver;
    private final @Nullable Cache cache;
    private int recordLimit = 10;

    DnsjavaDnsService(Resolver resolver, int cacheSize) {
        this.resolver = resolver;
        if (cacheSize > 0) {
            Cache c = new Cache(DClass.IN);
            c.setMaxEntries(cacheSize);
            this.cache = c;
        } else {
            this.cache = null;
        }
    }

    @Override
    @SuppressWarnings("NullAway") // jSPF's contract: null means "no such records"
    public @Nullable List<String> getRecords(DNSRequest request) throws TimeoutException {
        int type = dnsType(request.getRecordType());
        Name name;
        try {
            name = Name.fromString(request.getHostname(), Name.root);
        } catch (TextParseException e) {
            return null; // not a domain name: nothing can be published there
        }
        Lookup lookup = new Lookup(name, type, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setHostsFileParser(null);
        if (cache != null) {
            lookup.setCache(cache);
        } else {
            lookup.setCache(new Cache(DClass.IN));
        }
        Record[] answers;
        try {
            answers = lookup.run();
        } catch (RuntimeException e) {
            throw new TimeoutException("DNS lookup of " + name + " failed: " + e);
        }
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> answers == null ? null : toStrings(answers);
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> null;
            // TRY_AGAIN: timeout, SERVFAIL, network error; UNRECOVERABLE: refused or malformed answer
            default ->
                throw new TimeoutException(
                        "DNS lookup of " + name + " " + Type.string(type) + ": " + lookup.getErrorString());
        };
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        try {
            return CompletableFuture.completedFuture(getRecords(request));
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<String> getLocalDomainNames() {
        // Only used by jSPF's %{r} macro default; we never look up our own host name.
        return List.of();
    }

    @Override
    public void setTimeOut(int seconds) {
        // The timeout is fixed by SpfSettings when the resolver is built.
    }

    @Override
    public int getRecordLimit() {
        return recordLimit;
    }

    @Override
    public void setRecordLimit(int limit) {
        this.recordLimit = limit;
    }

    private static int dnsType(int jspfType) {
        return switch (jspfType) {
            case DNSRequest.A -> Type.A;
            case DNSRequest.AAAA -> Type.AAAA;
            case DNSRequest.MX -> Type.MX;
            case DNSRequest.PTR -> Type.PTR;
            case DNSRequest.TXT -> Type.TXT;
            case DNSRequest.SPF -> Type.SPF;
            default -> throw new IllegalArgumentException("unknown jSPF record type " + jspfType);
        };
    }

    static List<String> toStrings(Record[] records) {
        List<String> out = new ArrayList<>(records.length);
        for (Record r : records) {
            switch (r) {
                case ARecord a -> out.add(a.getAddress().getHostAddress());
                case AAAARecord a -> out.add(a.getAddress().getHostAddress());
                case MXRecord mx -> out.add(mx.getTarget().toString());
                case PTRRecord ptr -> out.add(stripDot(ptr.getTarget().toString()));
                case TXTRecord txt -> out.add(String.join("", txt.getStrings()));
                case SPFRecord spf -> out.add(String.join("", spf.getStrings()));
                default -> {
                    // CNAMEs are followed by Lookup; anything else is not asked for.
                }
            }
        }
        return out;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
