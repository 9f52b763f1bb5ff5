package dev.themis.benchmarks.compiler;

import java.util.Random;

/** Generates large, valid policy files for the compiler benchmarks (seeded, reproducible). */
final class PolicyCorpus {
    private PolicyCorpus() {}

    /**
     * {@code groups} groups holding {@code members} members in all (a mix of addresses, domains,
     * IPv4/IPv6 addresses and CIDRs) and {@code policies} policies whose Source and Destination
     * name random groups (one in ten uses {@code any}, one in twenty a negated group).
     */
    static String text(int policies, int groups, int members, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(members * 20 + policies * 120);
        int perGroup = Math.max(1, members / groups);
        for (int g = 0; g < groups; g++) {
            sb.append("group g").append(g);
            for (int m = 0; m < perGroup; m++) {
                int id = g * perGroup + m;
                switch (m % 5) {
                    case 0 -> sb.append(" @d").append(id).append(".example");
                    case 1 ->
                        sb.append(" u").append(id).append("@d").append(id % 977).append(".example");
                    case 2 ->
                        sb.append(" 10.")
                                .append((id >> 16) & 255)
                                .append('.')
                                .append((id >> 8) & 255)
                                .append('.')
                                .append(id & 255);
                    case 3 ->
                        sb.append(" 2001:db8:")
                                .append(Integer.toHexString(id & 0xffff))
                                .append("::/48");
                    default ->
                        sb.append(" 172.")
                                .append(16 + (id >> 16 & 15))
                                .append('.')
                                .append((id >> 8) & 255)
                                .append(".0/24");
                }
            }
            sb.append('\n');
        }
        for (int p = 0; p < policies; p++) {
            sb.append("policy p")
                    .append(p)
                    .append(" Source ")
                    .append(ref(r, groups))
                    .append(" Destination ")
                    .append(ref(r, groups))
                    .append(" Priority ")
                    .append(r.nextInt(10))
                    .append(" JailBy SASLUsername JailSpec ")
                    .append(1 + r.nextInt(500))
                    .append(":3600 JailAction defer\n");
        }
        return sb.toString();
    }

    private static String ref(Random r, int groups) {
        int k = r.nextInt(20);
        if (k < 2) {
            return "any";
        }
        return (k == 2 ? "!g" : "g") + r.nextInt(groups);
    }
}
