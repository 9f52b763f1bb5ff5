package dev.themis.runtime.headers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.model.Policy;
import dev.themis.runtime.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From policy text through the compiler to the headers a message gets. */
class HeaderActionsFromPolicyTest {

    static Policy compile(String text) {
        CompileResult r = Compiler.compileSources(List.of(new Source("t.tms", text)));
        assertThat(r.diagnostics()).isEmpty();
        return r.policySet().orElseThrow().policy("bulk").orElseThrow();
    }

    @Test
    void aCompiledPolicysActionHeadersApply() {
        Policy policy = compile("""
                policy bulk Source any Destination any OnlyHeaders TRUE
                actionheaders bulk Precedence "^(bulk|list)$" X-Themis-Class bulk X-Priority 5
                """);
        HeaderActions actions = HeaderActions.forPolicy(policy);
        assertThat(actions.apply(List.of(new Header("precedence", "list"))).added())
                .containsExactly(new Header("X-Themis-Class", "bulk"), new Header("X-Priority", "5"));
        assertThat(actions.apply(List.of(new Header("Precedence", "junk"))).added())
                .isEmpty();
        assertThat(HeaderActions.forPolicy(policy))
                .as("built once per compiled policy")
                .isSameAs(actions);
    }

    @Test
    void aPolicyWithoutActionHeadersAddsNothing() {
        Policy policy = compile("policy bulk Source any Destination any\n");
        assertThat(HeaderActions.forPolicy(policy)).isSameAs(HeaderActions.NONE);
    }
}
