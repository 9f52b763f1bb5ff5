package dev.themis.runtime.spf;

import dev.themis.runtime.Header;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.SPF;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;

/**
 * {@link SpfChecker} on Apache jSPF (RFC 7208 evaluation, macros, the ten-lookup limit) with its
 * synchronous executor, so a check runs on the caller's (virtual) thread and its DNS work is bounded
 * by {@link SpfSettings#checkTimeout()}.
 */
final class JspfChecker implements SpfChecker {

    private static final Logger LOG = LoggerFactory.getLogger(JspfChecker.class);

    private final SPF spf;
    private final DeadlineDnsService dns;
    private final SpfSettings settings;

    JspfChecker(DNSService dnsService, SpfSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.dns = new DeadlineDnsService(dnsService, nanoTime);
        this.spf = new SPF(dns, new SynchronousSPFExecutor(dns));
    }

    static JspfChecker create(SpfSettings settings) {
        return new JspfChecker(
                new DnsjavaDnsService(resolver(settings), settings.cacheSize()), settings, System::nanoTime);
    }

    /** The dnsjava resolver for the settings: the given servers, else the system's. */
    static Resolver resolver(SpfSettings settings) {
        List<InetSocketAddress> servers = settings.dnsServers();
        if (servers.isEmpty()) {
            servers = ResolverConfig.getCurrentConfig().servers();
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(settings.lookupTimeout());
            resolvers.add(r);
        }
        if (resolvers.size() == 1) {
            return resolvers.getFirst();
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(settings.lookupTimeout());
        extended.setRetries(1);
        return extended;
    }

    @Override
    public SpfOutcome check(
            @Nullable InetAddress client, String sender, @Nullable String helo, @Nullable String receiver) {
        String receiverName = receiver == null || receiver.isBlank() ? settings.receiver() : receiver;
        String from = ReceivedSpf.clean(sender);
        String heloName = helo == null ? "" : ReceivedSpf.clean(helo);
        if (client == null) {
            return new SpfOutcome(
                    SpfResult.NONE, "none", "", "no client IP address (local submission): SPF does not apply", null);
        }
        String ip = addressText(client);
        boolean nullSender = from.isEmpty();
        String identity = nullSender ? "helo" : "mailfrom";
        // RFC 7208 section 2.4: for the null sender the identity is postmaster@<HELO name>.
        String checked = nullSender ? heloName : from;
        String domain = nullSender ? heloName : domainOf(from);
        if (checked.isEmpty()) {
            String why = "no envelope sender and no HELO name to check";
            return outcome(SpfResult.NONE, identity, "", why, receiverName, ip, from, heloName);
        }
        if (nullSender && isAddressLiteral(heloName)) {
            // RFC 7208 section 2.3: an address literal is not a domain; there is no policy to ask.
            String why = "no envelope sender and the HELO name is an address literal";
            return outcome(SpfResult.NONE, identity, "", why, receiverName, ip, from, heloName);
        }

        DeadlineDnsService.CheckState state = dns.begin(settings.checkTimeout().toNanos());
        SpfResult result;
        String detail = "";
        try {
            SPFResult r = spf.checkSPF(ip, from, heloName);
            result = SpfResult.fromKeyword(r.getResult());
        } catch (RuntimeException e) {
            // jSPF should not throw; if it does, never lose the message: a temporary error.
            LOG.warn("SPF check of {} from {} failed", checked, ip, e);
            result = SpfResult.TEMPERROR;
            detail = e.toString();
        } finally {
            dns.end();
        }
        if (state.expired) {
            result = SpfResult.TEMPERROR;
        }
        if (result == SpfResult.TEMPERROR && state.lastError != null) {
            detail = state.lastError;
        }
        String why = comment(result, checked, ip, domain, detail);
        LOG.debug(
                "SPF {} for {} ({}) from {} after {} DNS lookups",
                result.keyword(),
                checked,
                identity,
                ip,
                state.lookups);
        return outcome(result, identity, domain, why, receiverName, ip, from, heloName);
    }

    private static SpfOutcome outcome(
            SpfResult result,
            String identity,
            String domain,
            String why,
            String receiver,
            String ip,
            String from,
            String helo) {
        Header header = ReceivedSpf.header(result, why, receiver, ip, from, helo.isEmpty() ? null : helo, identity);
        return new SpfOutcome(result, identity, domain, why, header);
    }

    /** The explanation, in the wording of RFC 7208's examples. */
    static String comment(SpfResult result, String checked, String ip, String domain, String detail) {
        String who = checked.contains("@") ? "domain of " + checked : checked;
        return switch (result) {
            case PASS -> who + " designates " + ip + " as permitted sender";
            case FAIL -> who + " does not designate " + ip + " as permitted sender";
            case SOFTFAIL -> "transitioning " + who + " does not designate " + ip + " as permitted sender";
            case NEUTRAL -> ip + " is neither permitted nor denied by " + who;
            case NONE -> domain.isEmpty() ? "no identity to check" : "no SPF record for " + domain;
            case TEMPERROR ->
                "temporary error looking up the SPF record of " + domain + (detail.isEmpty() ? "" : ": " + detail);
            case PERMERROR -> "the SPF record of " + domain + " cannot be interpreted";
        };
    }

    static boolean isAddressLiteral(String helo) {
        if (helo.startsWith("[")) {
            return true;
        }
        try {
            InetAddress.ofLiteral(helo);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? address : address.substring(at + 1);
        return domain.toLowerCase(Locale.ROOT);
    }

    static String addressText(InetAddress address) {
        String text = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int scope = text.indexOf('%');
            if (scope >= 0) {
                text = text.substring(0, scope);
            }
        }
        return text;
    }
}
