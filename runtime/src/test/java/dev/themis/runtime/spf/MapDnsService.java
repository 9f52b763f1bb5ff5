package dev.themis.runtime.spf;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** jSPF's DNS access answered from a {@link DnsZone} in memory: the in-process resolver. */
final class MapDnsService implements DNSService {

    private final DnsZone zone;
    private final Runnable onLookup;
    final AtomicInteger lookups = new AtomicInteger();

    MapDnsService(DnsZone zone) {
        this(zone, () -> {});
    }

    /** {@code onLookup} runs before every lookup (tests advance a fake clock there). */
    MapDnsService(DnsZone zone, Runnable onLookup) {
        this.zone = zone;
        this.onLookup = onLookup;
    }

    @Override
    @SuppressWarnings("NullAway")
    public @Nullable List<String> getRecords(DNSRequest request) throws TimeoutException {
        onLookup.run();
        lookups.incrementAndGet();
        Name name;
        try {
            name = Name.fromString(request.getHostname(), Name.root);
        } catch (TextParseException e) {
            return null;
        }
        if (zone.isUnreachable(name)) {
            throw new TimeoutException("timed out asking for " + name);
        }
        int type = switch (request.getRecordType()) {
            case DNSRequest.A -> Type.A;
            case DNSRequest.AAAA -> Type.AAAA;
            case DNSRequest.MX -> Type.MX;
            case DNSRequest.PTR -> Type.PTR;
            case DNSRequest.TXT -> Type.TXT;
            default -> Type.SPF;
        };
        var found = zone.lookup(name, type);
        return found.isEmpty() ? null : DnsjavaDnsService.toStrings(found.toArray(new org.xbill.DNS.Record[0]));
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
        return List.of();
    }

    @Override
    public void setTimeOut(int timeOut) {}

    @Override
    public int getRecordLimit() {
        return 10;
    }

    @Override
    public void setRecordLimit(int recordLimit) {}
}
