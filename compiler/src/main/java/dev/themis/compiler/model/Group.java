package dev.themis.compiler.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A compiled group: membership in constant time (hash sets for addresses and domains, an {@link
 * IpPrefixSet} for IP addresses and CIDRs). All comparisons are case-insensitive.
 */
public final class Group {
    private final String name;
    private final List<String> members;
    private final Set<String> addresses;
    private final Set<String> domains;
    private final IpPrefixSet networks;
    private final List<GroupMember.Network> networkMembers;

    /**
     * @param name lowercase group name
     * @param members the members in canonical spelling, in the order written (for listing)
     * @param addresses lowercase {@code user@domain} members
     * @param domains lowercase domains of {@code @domain} members, without the {@code @}
     * @param networks IP address and CIDR members
     */
    public Group(String name, List<String> members, Set<String> addresses, Set<String> domains, IpPrefixSet networks) {
        this(name, members, addresses, domains, networks, List.of());
    }

    /**
     * @param networkMembers the IP address and CIDR members, parsed (for indexes built on groups)
     */
    public Group(
            String name,
            List<String> members,
            Set<String> addresses,
            Set<String> domains,
            IpPrefixSet networks,
            List<GroupMember.Network> networkMembers) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.members = List.copyOf(members);
        this.addresses = Set.copyOf(addresses);
        this.domains = Set.copyOf(domains);
        this.networks = Objects.requireNonNull(networks, "networks");
        this.networkMembers = List.copyOf(networkMembers);
    }

    /** The {@code user@domain} members, lowercased. */
    public Set<String> addresses() {
        return addresses;
    }

    /** The domains of {@code @domain} members, lowercased, without {@code @}. */
    public Set<String> domains() {
        return domains;
    }

    /** The IP address and CIDR members (empty when the group was built without them). */
    public List<GroupMember.Network> networkMembers() {
        return networkMembers;
    }

    public String name() {
        return name;
    }

    /** Members in canonical spelling, as written. */
    public List<String> members() {
        return members;
    }

    /** True when {@code address} ({@code user@domain}, any case) is a member. */
    public boolean containsAddress(String address) {
        return !addresses.isEmpty() && addresses.contains(address.toLowerCase(Locale.ROOT));
    }

    /** True when {@code domain} (with or without a leading {@code @}, any case) is a member. */
    public boolean containsDomain(String domain) {
        if (domains.isEmpty()) {
            return false;
        }
        String d = domain.startsWith("@") ? domain.substring(1) : domain;
        return domains.contains(d.toLowerCase(Locale.ROOT));
    }

    /** True when {@code ip} is a member or inside a CIDR member. */
    public boolean containsIp(InetAddress ip) {
        return networks.contains(ip);
    }

    /**
     * Source semantics (spec section 4): the sender address, the sender's domain or the client IP
     * is in the group.
     */
    public boolean containsSender(String senderAddress, @Nullable InetAddress clientIp) {
        if (containsAddress(senderAddress)) {
            return true;
        }
        int at = senderAddress.lastIndexOf('@');
        if (at >= 0 && containsDomain(senderAddress.substring(at + 1))) {
            return true;
        }
        return clientIp != null && containsIp(clientIp);
    }

    /** Destination semantics for one recipient: its domain or (we also accept) its full address. */
    public boolean containsRecipient(String recipient) {
        if (containsAddress(recipient)) {
            return true;
        }
        int at = recipient.lastIndexOf('@');
        return at >= 0 && containsDomain(recipient.substring(at + 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group g && g.name.equals(name) && g.members.equals(members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, members);
    }

    @Override
    public String toString() {
        return "Group[" + name + ", " + members.size() + " members]";
    }
}
