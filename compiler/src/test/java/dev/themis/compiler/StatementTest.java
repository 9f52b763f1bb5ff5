package dev.themis.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.ast.GroupStatement;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.diag.DiagnosticRenderer;
import dev.themis.compiler.print.Printer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Single statements as tmscli and the REPL give them: keys, canonical text, exact diagnostics. */
class StatementTest {
    static Statement one(String text) {
        return Compiler.parseStatement(new Source("<command line>", text))
                .statement()
                .orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
                    policy default Source any Destination any                 | policy:default       | policy default Source any Destination any
                    policy relays:out Source any Destination any              | policy:relays:out    | policy relays:out Source any Destination any
                    group Internal '@a.example 10.0.0.0/8'                    | group:internal       | group Internal @a.example 10.0.0.0/8
                    pool relays mx1.example.com                               | pool:relays          | pool relays mx1.example.com
                    actionheaders relays:out X-Spam-Flag YES X-Themis flagged | actionheaders:relays:out:x-spam-flag | actionheaders relays:out X-Spam-Flag YES X-Themis flagged
                    features global GLOBAL_TTL 3600                           | features:global:global_ttl | features global global_ttl 3600
                    metadata User@Example.com Manual_Block true               | metadata:user@example.com:manual_block | metadata User@Example.com manual_block TRUE
                    metadata 2001:db8::1 bypass TRUE                          | metadata:2001:db8::1:bypass | metadata 2001:db8::1 bypass TRUE
                    """)
    void keysAndCanonicalText(String text, String key, String canonical) {
        Statement s = one(text);
        assertThat(s.key()).isEqualTo(key);
        assertThat(Printer.print(s)).isEqualTo(canonical);
    }

    @Test
    void argumentsFromTheShellKeepTheirGrouping() {
        Source s =
                Source.ofArguments("<command line>", List.of("group", "g", "@a.example 10.0.0.0/8", "user@b.example"));
        assertThat(s.text()).isEqualTo("group g \"@a.example 10.0.0.0/8\" user@b.example");
        GroupStatement g =
                (GroupStatement) Compiler.parseStatement(s).statement().orElseThrow();
        assertThat(g.members()).extracting(w -> w.text()).containsExactly("@a.example", "10.0.0.0/8", "user@b.example");
        Source reply = Source.ofArguments(
                "<command line>",
                List.of("policy", "p", "Source", "any", "Destination", "any", "ReplyData", "Wait \"%s\" s \\ ok"));
        assertThat(Printer.print(Compiler.parseStatement(reply).statement().orElseThrow()))
                .isEqualTo("policy p Source any Destination any ReplyData \"Wait \\\"%s\\\" s \\ ok\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                    ``                               | <command line>:1:1: TMS005: empty input; expected a statement such as `policy NAME Source any Destination any`
                    `polici p`                       | <command line>:1:1: TMS001: unknown statement `polici`
                    `policy p Source`                | <command line>:1:16: TMS003: attribute `Source` has no value
                    `policy p Source any\\npolicy q` | <command line>:2:1: TMS004: expected exactly one statement, found a second one starting with `policy`
                    `features global a b c`          | <command line>:1:21: TMS004: too many arguments: `features` takes a namespace, a feature name and one value
                    """)
    void singleStatementErrors(String text, String firstLine) {
        String input = text.replace("\\n", "\n");
        StatementResult r = Compiler.parseStatement(new Source("<command line>", input));
        assertThat(r.statement()).isEmpty();
        assertThat(DiagnosticRenderer.human(r.diagnostics(), n -> input)).startsWith(firstLine + "\n");
    }
}
