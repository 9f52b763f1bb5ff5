package dev.themis.compiler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.model.Policy;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Source and Destination semantics of spec section 4, and the evaluation lists of section 5. */
class MatchingTest {
    static final String CONFIG = """
            group internal @example.com boss@partner.example 10.1.0.0/16 2001:db8::/32 192.0.2.7
            pool relays relay1.example.net RELAY2.example.net
            policy in Source internal Destination any
            policy out Source any Destination !internal Priority 3
            policy to_internal Source !internal Destination internal Priority 4
            policy relays:special Source any Destination any Priority 1
            policy relays:off Source any Destination any Enable FALSE
            """;

    final PolicyIndex index = Compiler.compileSources(List.of(new Source("m.tms", CONFIG)))
            .index()
            .orElseThrow();

    Policy policy(String name) {
        return index.policySet().policy(name).orElseThrow();
    }

    static MessageKeys keys(String sender, String ip, List<String> rcpts) throws Exception {
        return new MessageKeys(sender, ip.isEmpty() ? null : InetAddress.getByName(ip), rcpts, null);
    }

    @Test
    void sourceMatchesAddressDomainOrIpCaseInsensitively() throws Exception {
        Policy in = policy("in");
        assertThat(index.matchesSource(in, keys("Someone@EXAMPLE.com", "", List.of())))
                .isTrue();
        assertThat(index.matchesSource(in, keys("<boss@partner.example>", "", List.of())))
                .isTrue();
        assertThat(index.matchesSource(in, keys("other@partner.example", "", List.of())))
                .isFalse();
        assertThat(index.matchesSource(in, keys("x@y.example", "10.1.200.3", List.of())))
                .isTrue();
        assertThat(index.matchesSource(in, keys("x@y.example", "10.2.0.1", List.of())))
                .isFalse();
        assertThat(index.matchesSource(in, keys("", "2001:db8:ffff::1", List.of())))
                .isTrue();
        assertThat(index.matchesSource(in, keys("", "192.0.2.7", List.of()))).isTrue();
        assertThat(index.matchesSource(in, keys("", "192.0.2.8", List.of()))).isFalse();
        assertThat(index.matchesSource(policy("to_internal"), keys("x@y.example", "10.2.0.1", List.of())))
                .isTrue();
    }

    @Test
    void destinationNeedsOneRecipientInsideOrForNegationOneOutside() throws Exception {
        Policy in = policy("to_internal");
        Policy out = policy("out");
        var mixed = keys("a@b.example", "", List.of("x@example.com", "y@other.example"));
        var inside = keys("a@b.example", "", List.of("x@example.com", "BOSS@partner.example"));
        var none = keys("a@b.example", "", List.of());
        assertThat(index.matchesDestination(in, mixed)).isTrue();
        assertThat(index.matchesDestination(out, mixed)).isTrue();
        assertThat(index.matchesDestination(in, inside)).isTrue();
        assertThat(index.matchesDestination(out, inside)).isFalse();
        assertThat(index.matchesDestination(in, none)).isFalse();
        assertThat(index.matchesDestination(out, none)).isFalse();
    }

    @Test
    void poolMtasRunTheirPoolPoliciesOnlyUnlessFallbackIsOn() throws Exception {
        var set = index.policySet();
        assertThat(set.poolOfServer("relay2.EXAMPLE.net")).map(p -> p.name()).contains("relays");
        assertThat(set.poolOfServer("mx.example.net")).isEmpty();
        assertThat(index.evaluationList("relays")).extracting(Policy::name).containsExactly("relays:special");
        assertThat(index.evaluationList(null)).extracting(Policy::name).containsExactly("out", "to_internal", "in");
        var fallback = Compiler.compileSources(
                        List.of(new Source("m.tms", CONFIG + "features global fallbackToNonPoolPolicies TRUE\n")))
                .index()
                .orElseThrow();
        assertThat(fallback.evaluationList("relays"))
                .extracting(Policy::name)
                .containsExactly("relays:special", "out", "to_internal", "in");
        var noPools = Compiler.compileSources(
                        List.of(new Source("m.tms", CONFIG + "features global policiesByServerPoolFeature FALSE\n")))
                .index()
                .orElseThrow();
        assertThat(noPools.evaluationList("relays"))
                .extracting(Policy::name)
                .containsExactly("out", "to_internal", "in");
    }

    @Test
    void candidatesAreInEvaluationOrder() throws Exception {
        var k = keys("a@example.com", "203.0.113.1", List.of("b@else.example"));
        assertThat(index.candidates(k)).extracting(Policy::name).containsExactly("out", "in");
    }
}
