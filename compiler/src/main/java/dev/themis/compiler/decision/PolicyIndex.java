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
 * name), every policy whose Source matches the message, plus every policy with {@code SPF} or
 * ActionHeaders, because those act before Source matching (section 5 step 2). The runtime still
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
            for (String m : g.members()) {
                if (GroupMember.parse(m) instanceof GroupMember.Valid(GroupMember member)) {
                    switch (member) {
                        case GroupMember.Address(String a) ->
                            addr.computeIfAbsent(a, k -> new ArrayList<>()).add(id);
                        case GroupMember.Domain(String d) ->
                            dom.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
                        case GroupMember.Network(InetAddress ip, int len) -> groupsByNetwork.add(ip, len, id);
                    }
                }
            }
        }
        addr.forEach((k, v) -> groupsByAddress.put(
                k, v.stream().mapToInt(Integer::intValue).distinct().toArray()));
        dom.forEach((k, v) -> groupsByDomain.put(
                k, v.stream().mapToInt(Integer::intValue).distinct().toArray()));
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
        BitSet ranks = (BitSet) list.always.clone();
        for (int g = matchedGroups.nextSetBit(0); g >= 0; g = matchedGroups.nextSetBit(g + 1)) {
            int[] r = g < list.byGroup.length ? list.byGroup[g] : null;
            if (r != null) {
                for (int rank : r) {
                    ranks.set(rank);
                }
            }
        }
        for (int i = 0; i < list.negatedRanks.length; i++) {
            int group = list.negatedGroups[i];
            if (group < 0 || !matchedGroups.get(group)) {
                ranks.set(list.negatedRanks[i]);
            }
        }
        List<Policy> out = new ArrayList<>(ranks.cardinality());
        for (int r = ranks.nextSetBit(0); r >= 0; r = ranks.nextSetBit(r + 1)) {
            out.add(list.policies[r]);
        }
        return out;
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
        final int[][] byGroup;
        final BitSet always = new BitSet();
        final int[] negatedRanks;
        final int[] negatedGroups;

        ListIndex(List<Policy> list) {
            this.policies = list.toArray(Policy[]::new);
            List<List<Integer>> groups = new ArrayList<>();
            for (int i = 0; i < groupIds.size(); i++) {
                groups.add(null);
            }
            List<int[]> negated = new ArrayList<>();
            for (int rank = 0; rank < policies.length; rank++) {
                Policy p = policies[rank];
                if (p.spf() || !p.actionHeaders().isEmpty()) {
                    always.set(rank);
                    continue;
                }
                switch (p.source()) {
                    case GroupRef.Any any -> always.set(rank);
                    case GroupRef.Named(String group, boolean neg) -> {
                        Integer id = groupIds.get(group);
                        if (neg) {
                            negated.add(new int[] {rank, id == null ? -1 : id});
                        } else if (id != null) {
                            List<Integer> l = groups.get(id);
                            if (l == null) {
                                l = new ArrayList<>();
                                groups.set(id, l);
                            }
                            l.add(rank);
                        }
                    }
                }
            }
            this.byGroup = new int[groups.size()][];
            for (int i = 0; i < groups.size(); i++) {
                List<Integer> l = groups.get(i);
                byGroup[i] = l == null
                        ? null
                        : l.stream().mapToInt(Integer::intValue).toArray();
            }
            this.negatedRanks = negated.stream().mapToInt(x -> x[0]).toArray();
            this.negatedGroups = negated.stream().mapToInt(x -> x[1]).toArray();
        }
    }
}
