package dev.themis.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.decision.MessageKeys;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.model.JailAction;
import dev.themis.compiler.model.JailBy;
import dev.themis.compiler.model.Policy;
import dev.themis.compiler.model.PolicySet;
import dev.themis.compiler.print.Printer;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerSmokeTest {
    static final String TEXT = """
            # outbound
            group internal @example.com 10.0.0.0/8 2001:db8::/32
            policy outbound Source internal Destination !internal JailBy saslusername
                JailSpec 100:3600;1000:86400 jailaction DEFER
            policy default Source any Destination any
            """;

    @Test
    void compilesAFileAndSelectsCandidates() throws Exception {
        CompileResult r = Compiler.compileSources(List.of(new Source("a.tms", TEXT)));
        assertThat(r.diagnostics()).isEmpty();
        PolicySet set = r.policySet().orElseThrow();
        Policy p = set.policy("outbound").orElseThrow();
        assertThat(p.jailBy()).isEqualTo(JailBy.SASL_USERNAME);
        assertThat(p.jailAction()).isEqualTo(JailAction.DEFER);
        assertThat(p.jailSpec().spelling()).isEqualTo("100:3600;1000:86400");
        var index = r.index().orElseThrow();
        var keys = new MessageKeys("a@example.com", InetAddress.getByName("192.0.2.1"), List.of("b@other.org"), null);
        assertThat(index.candidates(keys)).extracting(Policy::name).containsExactly("default", "outbound");
        var outsider = new MessageKeys("a@else.com", InetAddress.getByName("192.0.2.1"), List.of(), null);
        assertThat(index.candidates(outsider)).extracting(Policy::name).containsExactly("default");
        var byIp = new MessageKeys("", InetAddress.getByName("2001:db8::5"), List.of(), null);
        assertThat(index.candidates(byIp)).extracting(Policy::name).containsExactly("default", "outbound");
    }

    @Test
    void printsCanonicallyAndRoundTrips() {
        ParseResult p = Compiler.parseFile(new Source("a.tms", TEXT));
        String printed = Printer.print(p.statements());
        assertThat(printed).isEqualTo("""
                        group internal @example.com 10.0.0.0/8 2001:db8::/32

                        policy outbound Source internal Destination !internal JailBy SASLUsername
                            JailSpec 100:3600;1000:86400 JailAction defer
                        policy default Source any Destination any
                        """);
        assertThat(Compiler.parseFile(new Source("b.tms", printed)).statements())
                .isEqualTo(p.statements());
    }

    @Test
    void rendersUnknownAttribute() {
        String text = "group g @a.example\npolicy p Source g Destination any JailBySpec 1:1\n";
        CompileResult r = Compiler.compileSources(List.of(new Source("x.tms", text)));
        assertThat(DiagnosticRenderer.human(r.diagnostics(), n -> text)).isEqualTo("""
                        x.tms:2:35: TMS020: unknown attribute `JailBySpec`
                            policy p Source g Destination any JailBySpec 1:1
                                                              ^^^^^^^^^^
                            help: did you mean `JailSpec`?
                        """);
    }
}
