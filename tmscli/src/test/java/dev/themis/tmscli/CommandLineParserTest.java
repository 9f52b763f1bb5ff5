package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.themis.tmscli.cli.Action;
import dev.themis.tmscli.cli.CommandLineParser;
import dev.themis.tmscli.cli.Family;
import dev.themis.tmscli.cli.Invocation;
import dev.themis.tmscli.cli.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {
    static CommandLineParser.Parsed parse(String... args) {
        return CommandLineParser.parse(List.of(args));
    }

    @Test
    void flagsMayComeInAnyOrderAndGlobalOptionsAnywhere() {
        CommandLineParser.Parsed p =
                parse("--json", "--group", "g", "@a.example", "-m", "--redis", "redis://h:1", "--remove");

        assertThat(p.options().json()).isTrue();
        assertThat(p.options().redisUrl()).isEqualTo("redis://h:1");
        assertThat(p.invocation())
                .isEqualTo(new Invocation.Legacy(Action.MODIFY, Family.GROUP, List.of("g", "@a.example"), true, false));
    }

    @Test
    void valuesThatLookLikeNumbersOrTextStayOperands() {
        assertThat(parse("-a", "--policy", "p", "Source", "any", "Destination", "any", "ReplyData", "-- slow down --")
                        .invocation())
                .isInstanceOf(Invocation.Legacy.class)
                .extracting(i -> ((Invocation.Legacy) i).operands())
                .isEqualTo(List.of("p", "Source", "any", "Destination", "any", "ReplyData", "-- slow down --"));
    }

    @Test
    void helpTakesATopicOrTheFamily() {
        assertThat(parse("-h", "group").invocation()).isEqualTo(new Invocation.Help("group"));
        assertThat(parse("--help").invocation()).isEqualTo(new Invocation.Help(null));
        assertThat(parse("-a", "--policy", "--help").invocation()).isEqualTo(new Invocation.Help("policy"));
        assertThat(parse("help", "features").invocation()).isEqualTo(new Invocation.Help("features"));
    }

    @Test
    void subcommandsParseTheirOptions() {
        assertThat(parse("push", "--dry-run", "a.tms", "b.tms").invocation())
                .isEqualTo(new Invocation.Push(List.of("a.tms", "b.tms"), true));
        assertThat(parse("monitor", "--last", "10m", "--table").invocation())
                .isEqualTo(new Invocation.Monitor(null, 600, true));
        assertThat(parse("override", "--remove", "u@x.example", "out").invocation())
                .isEqualTo(new Invocation.OverrideRemove("u@x.example", "out"));
        assertThat(parse("lint", "--format", "json", "a.tms").invocation())
                .isEqualTo(new Invocation.Lint(List.of("--format", "json", "a.tms")));
    }

    @Test
    void wrongArityIsExplainedWithTheRightForm() {
        assertThatThrownBy(() -> parse("-a", "--policy", "p", "Source"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("tmscli -a --policy NAME Source GROUP Destination GROUP");
        assertThatThrownBy(() -> parse("-a", "--policy", "p", "Source", "any", "Destination"))
                .hasMessage("attribute `Destination` has no value");
        assertThatThrownBy(() -> parse("-d", "--actionheaders", "p"))
                .hasMessageContaining("POLICY MATCH_HEADER (or POLICY --clear)");
        assertThatThrownBy(() -> parse("-a", "-d", "--policy", "p")).hasMessageContaining("one action only");
        assertThatThrownBy(() -> parse("push")).hasMessage("usage: tmscli push [--dry-run] FILE...");
        assertThatThrownBy(() -> parse("monitor", "--last", "soon")).hasMessageContaining("bad duration `soon`");
    }

    @Test
    void shellLinesMayBeStatements() {
        assertThat(CommandLineParser.parse(List.of("policy", "p", "Source", "any", "Destination", "any"), true)
                        .invocation())
                .isInstanceOf(Invocation.Store.class);
        assertThatThrownBy(() -> parse("policy", "p")).hasMessageContaining("unknown command `policy`");
    }
}
