package dev.themis.compiler.decision;

import dev.themis.compiler.model.Group;
import dev.themis.compiler.model.GroupMember;
import dev.themis.compiler.model.GroupRef;
import dev.themis.compiler.model.Policy;
import dev.themis.compiler.model.PolicySet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The decision structure built at compile time: for one message, the policies that can matter, in
 * evaluation order, without walking every policy.
 *
 * <p>{@link #candidates(MessageKeys)} returns, from the message's evaluation list (spec section 5
 * step 1: pool policies, global ones as fallback per feature, disabled ones dropped, Priority then
 * name), every policy whose Source matches the message. (SPF and ActionHeaders act only on the
 * traffic a policy matches, so they need no special case here.) The runtime still
 * checks each candidate with {@link #matchesSource} and {@link #matchesDestination}, the one
 * implementation of group matching.
 *
 * <p>How: group membership of the sender address, the sender's domain and the client IP is looked
 * up once in hash maps (and one prefix map per prefix length for IPs), giving the matched groups;
 * each evaluation list keeps, per group, the ranks of the policies with that positive Source, and
 * the few policies with {@code any} or {@code !group} Sources separately. Candidates are gathered
 * in a bit set of ranks, so they come out in order.
 */
public final class PolicyIndex {
    private final PolicySet policySet;
    private final Map<String, Integer> groupIds = new HashMap<>();
    private final Map<String, int[]> groupsByAddress = new HashMap<>();
    private final Map<String, int[]> groupsByDomain = new HashMap<>();
    private final PrefixIndex groupsByNetwork = new PrefixIndex();
    private final ListIndex noPool;
    private final Map<String, ListIndex> byPool = new HashMap<>();

    private PolicyIndex(PolicySet policySet) {
        this.policySet = policySet;
        Map<String, List<Integer>> addr = new HashMap<>();
        Map<String, List<Integer>> dom = new HashMap<>();
        for (Group g : policySet.groups().values()) {
            int id = groupIds.size();
            groupIds.put(g.name(), id);
            for (String a : g.addresses()) {
                addr.computeIfAbsent(a, k -> new ArrayList<>(1)).add(id);
            }
            for (String d : g.domains()) {
                dom.computeIfAbsent(d, k -> new ArrayList<>(1)).add(id);
            }
            List<GroupMember.Network> networks = g.networkMembers();
            if (networks.isEmpty()
                    && g.members().size() > g.addresses().size() + g.domains().size()) {
                // A group built without its parsed networks: parse the members once here.
                for (String m : g.members()) {
                    if (GroupMember.parse(m) instanceof GroupMember.Valid(GroupMember.Network n)) {
                        groupsByNetwork.add(n.address(), n.length(), id);
                    }
                }
            }
            for (GroupMember.Network n : networks) {
                groupsByNetwork.add(n.address(), n.length(), id);
            }
        }
        addr.forEach((k, v) -> groupsByAddress.put(k, ids(v)));
        dom.forEach((k, v) -> groupsByDomain.put(k, ids(v)));
        groupsByNetwork.freeze();
        this.noPool = new ListIndex(policySet.evaluationList(null));
        for (String pool : policySet.pools().keySet()) {
            byPool.put(pool, new ListIndex(policySet.evaluationList(pool)));
        }
        for (Policy p : policySet.policies()) {
            String pool = p.pool();
            if (pool != null && !byPool.containsKey(pool)) {
                byPool.put(pool, new ListIndex(policySet.evaluationList(pool)));
            }
        }
    }

    /** Builds the index of a compiled policy set. */
    public static PolicyIndex build(PolicySet policySet) {
        return new PolicyIndex(Objects.requireNonNull(policySet, "policySet"));
    }

    /** The policy set this index was built from. */
    public PolicySet policySet() {
        return policySet;
    }

    /** The policies that can matter for this message, in evaluation order (see class comment). */
    public List<Policy> candidates(MessageKeys keys) {
        ListIndex list = listFor(keys.pool());
        if (list.policies.length == 0) {
            return List.of();
        }
        BitSet matchedGroups = matchedGroups(keys);
        // Start from "no group matched": every any-Source and negated policy.
        long[] words = list.base.clone();
        for (int g = matchedGroups.nextSetBit(0); g >= 0; g = matchedGroups.nextSetBit(g + 1)) {
            if (g >= list.byGroup.length) {
                continue;
            }
            int[] negated = list.negatedByGroup[g];
            if (negated != null) {
                for (int rank : negated) {
                    words[rank >>> 6] &= ~(1L << rank);
                }
            }
            int[] positive = list.byGroup[g];
            if (positive != null) {
                for (int rank : positive) {
                    words[rank >>> 6] |= 1L << rank;
                }
            }
        }
        int count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        int[] ranks = new int[count];
        int n = 0;
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            while (w != 0) {
                ranks[n++] = (i << 6) + Long.numberOfTrailingZeros(w);
                w &= w - 1;
            }
        }
        return new Candidates(list.policies, ranks);
    }

    /** An immutable view of some policies of an evaluation list, by rank. */
    private static final class Candidates extends java.util.AbstractList<Policy> implements java.util.RandomAccess {
        private final Policy[] policies;
        private final int[] ranks;

        Candidates(Policy[] policies, int[] ranks) {
            this.policies = policies;
            this.ranks = ranks;
        }

        @Override
        public Policy get(int index) {
            return policies[ranks[index]];
        }

        @Override
        public int size() {
            return ranks.length;
        }
    }

    /** The evaluation list for a message through pool {@code pool} (null: no pool). */
    public List<Policy> evaluationList(@Nullable String pool) {
        return List.of(listFor(pool).policies);
    }

    private ListIndex listFor(@Nullable String pool) {
        if (pool == null) {
            return noPool;
        }
        ListIndex l = byPool.get(pool);
        return l != null ? l : new ListIndex(policySet.evaluationList(pool));
    }

    private BitSet matchedGroups(MessageKeys keys) {
        BitSet out = new BitSet(groupIds.size());
        int[] a = groupsByAddress.get(keys.sender());
        if (a != null) {
            for (int g : a) {
                out.set(g);
            }
        }
        String domain = keys.senderDomain();
        if (!domain.isEmpty()) {
            int[] d = groupsByDomain.get(domain);
            if (d != null) {
                for (int g : d) {
                    out.set(g);
                }
            }
        }
        InetAddress ip = keys.clientIp();
        if (ip != null) {
            groupsByNetwork.collect(ip, out);
        }
        return out;
    }

    /** Source semantics of spec section 4; a group missing from the set counts as empty. */
    public boolean matchesSource(Policy policy, MessageKeys keys) {
        return switch (policy.source()) {
            case GroupRef.Any any -> true;
            case GroupRef.Named(String group, boolean negated) -> {
                Group g = policySet.groups().get(group);
                boolean in = g != null && g.containsSender(keys.sender(), keys.clientIp());
                yield negated != in;
            }
        };
    }

    /**
     * Destination semantics of spec section 4: a group matches when at least one recipient's
     * domain (or full address) is in it; {@code !group} when at least one recipient is not. With no
     * recipients only {@code any} matches.
     */
    public boolean matchesDestination(Policy policy, MessageKeys keys) {
        return switch (policy.destination()) {
            case GroupRef.Any any -> true;
            case GroupRef.Named(String group, boolean negated) -> {
                Group g = policySet.groups().get(group);
                for (String r : keys.recipients()) {
                    boolean in = g != null && g.containsRecipient(r);
                    if (in != negated) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    /** One evaluation list, indexed. */
    private final class ListIndex {
        final Policy[] policies;
        /** Per group id: ranks of the policies whose Source is that group. */
        final int[] @Nullable [] byGroup;
        /** Per group id: ranks of the policies whose Source is {@code !group}. */
        final int[] @Nullable [] negatedByGroup;
        /** Ranks of policies that are candidates whatever the message (any-Source). */
        final long[] always;
        /** {@link #always} plus every negated-Source policy: the candidates when no group matched. */
        final long[] base;

        ListIndex(List<Policy> list) {
            this.policies = list.toArray(Policy[]::new);
            int words = (policies.length + 63) >>> 6;
            this.always = new long[words];
            this.base = new long[words];
            List<List<Integer>> positive = new ArrayList<>();
            List<List<Integer>> negative = new ArrayList<>();
            for (int i = 0; i < groupIds.size(); i++) {
                positive.add(new ArrayList<>());
                negative.add(new ArrayList<>());
            }
            for (int rank = 0; rank < policies.length; rank++) {
                Policy p = policies[rank];
                switch (p.source()) {
                    case GroupRef.Any any -> always[rank >>> 6] |= 1L << rank;
                    case GroupRef.Named(String group, boolean neg) -> {
                        Integer id = groupIds.get(group);
                        if (id == null) {
                            // Unknown group (cannot happen after checks): empty, so only !group matches.
                            if (neg) {
                                always[rank >>> 6] |= 1L << rank;
                            }
                        } else if (neg) {
                            base[rank >>> 6] |= 1L << rank;
                            negative.get(id).add(rank);
                        } else {
                            positive.get(id).add(rank);
                        }
                    }
                }
            }
            for (int i = 0; i < words; i++) {
                base[i] |= always[i];
            }
            this.byGroup = toArrays(positive);
            this.negatedByGroup = toArrays(negative);
        }
    }

    private static int[] ids(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static int[] @Nullable [] toArrays(List<List<Integer>> lists) {
        int[] @Nullable [] out = new int[lists.size()][];
        for (int i = 0; i < lists.size(); i++) {
            List<Integer> l = lists.get(i);
            out[i] = l.isEmpty() ? null : l.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
