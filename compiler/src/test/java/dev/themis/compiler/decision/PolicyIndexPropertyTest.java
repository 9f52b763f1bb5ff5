package dev.themis.compiler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.model.Policy;
import dev.themis.compiler.model.PolicySet;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The index gives exactly what a plain linear walk over the evaluation list gives: every policy
 * whose Source matches, in order (SPF and ActionHeaders policies included: no special case). Seeded; the seed is printed
 * (rerun with {@code -Dthemis.seed=N}).
 */
class PolicyIndexPropertyTest {
    static final int DOMAINS = 6;
    static final int USERS = 4;

    @Test
    void candidatesEqualALinearWalk() throws Exception {
        long seed = Long.getLong("themis.seed", System.nanoTime());
        System.out.println("PolicyIndexPropertyTest seed: " + seed + " (rerun with -Dthemis.seed=" + seed + ")");
        Random random = new Random(seed);
        int checked = 0;
        for (int round = 0; round < 60; round++) {
            String text = configuration(random);
            CompileResult r = Compiler.compileSources(List.of(new Source("generated.tms", text)));
            assertThat(r.errors()).as("seed %d\n%s", seed, text).isEmpty();
            PolicySet set = r.policySet().orElseThrow();
            PolicyIndex index = r.index().orElseThrow();
            List<@Nullable String> pools = new ArrayList<>(set.pools().keySet());
            pools.add(null);
            pools.add("unknown_pool");
            for (int m = 0; m < 200; m++) {
                MessageKeys keys = new MessageKeys(
                        sender(random), ip(random), List.of(sender(random)), pools.get(random.nextInt(pools.size())));
                List<Policy> expected = set.evaluationList(keys.pool()).stream()
                        .filter(p -> index.matchesSource(p, keys))
                        .toList();
                assertThat(index.candidates(keys))
                        .as("seed %d, message %s\n%s", seed, keys, text)
                        .isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(60 * 200);
    }

    static String sender(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> "";
            case 1 -> "nobody@elsewhere.example";
            default -> "u" + r.nextInt(USERS) + "@d" + r.nextInt(DOMAINS) + ".example";
        };
    }

    static @Nullable InetAddress ip(Random r) throws UnknownHostException {
        return switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> InetAddress.getByName("2001:db8:" + r.nextInt(3) + "::" + r.nextInt(4));
            default -> InetAddress.getByName("10." + r.nextInt(3) + "." + r.nextInt(3) + "." + r.nextInt(4));
        };
    }

    static String member(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> "@d" + r.nextInt(DOMAINS) + ".example";
            case 1 -> "u" + r.nextInt(USERS) + "@d" + r.nextInt(DOMAINS) + ".example";
            case 2 -> "10." + r.nextInt(3) + ".0.0/16";
            case 3 -> "10." + r.nextInt(3) + "." + r.nextInt(3) + "." + r.nextInt(4);
            case 4 -> "2001:db8:" + r.nextInt(3) + "::/48";
            default -> "10.0.0.0/" + (8 + r.nextInt(9));
        };
    }

    static String configuration(Random r) {
        StringBuilder sb = new StringBuilder();
        int groups = 1 + r.nextInt(8);
        for (int g = 0; g < groups; g++) {
            sb.append("group g").append(g);
            java.util.Set<String> members = new java.util.LinkedHashSet<>();
            int n = 1 + r.nextInt(5);
            for (int i = 0; i < n; i++) {
                members.add(member(r));
            }
            members.forEach(m -> sb.append(' ').append(m));
            sb.append('\n');
        }
        int pools = r.nextInt(3);
        for (int p = 0; p < pools; p++) {
            sb.append("pool p").append(p).append(" mta").append(p).append(".example.net\n");
            if (r.nextBoolean()) {
                sb.append("features p")
                        .append(p)
                        .append(" fallbackToNonPoolPolicies ")
                        .append(r.nextBoolean() ? "TRUE" : "FALSE")
                        .append('\n');
            }
        }
        sb.append("features global featuresByServerPool ")
                .append(r.nextBoolean() ? "TRUE" : "FALSE")
                .append('\n');
        sb.append("features global fallbackToNonPoolPolicies ")
                .append(r.nextBoolean() ? "TRUE" : "FALSE")
                .append('\n');
        sb.append("features global policiesByServerPoolFeature ")
                .append(r.nextInt(4) > 0 ? "TRUE" : "FALSE")
                .append('\n');
        int policies = r.nextInt(40);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < policies; i++) {
            String name = (pools > 0 && r.nextBoolean() ? "p" + r.nextInt(pools) + ":" : "") + "pol" + i;
            names.add(name);
            sb.append("policy ")
                    .append(name)
                    .append(" Source ")
                    .append(ref(r, groups))
                    .append(" Destination ")
                    .append(ref(r, groups))
                    .append(" Priority ")
                    .append(r.nextInt(4))
                    .append(" Enable ")
                    .append(r.nextInt(5) == 0 ? "FALSE" : "TRUE")
                    .append(" SPF ")
                    .append(r.nextInt(8) == 0 ? "TRUE" : "FALSE")
                    .append('\n');
        }
        for (String name : names) {
            if (r.nextInt(8) == 0) {
                sb.append("actionheaders ").append(name).append(" Subject \"(?i)offer\" X-Offer yes\n");
            }
        }
        return sb.toString();
    }

    static String ref(Random r, int groups) {
        return switch (r.nextInt(3)) {
            case 0 -> "any";
            case 1 -> "!g" + r.nextInt(groups);
            default -> "g" + r.nextInt(groups);
        };
    }
}
