package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.tmscli.cli.Completions;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionsTest {
    static final Completions.Names NAMES = new Completions.Names() {
        @Override
        public List<String> policies() {
            return List.of("default", "outbound");
        }

        @Override
        public List<String> groups() {
            return List.of("internal", "vip");
        }

        @Override
        public List<String> pools() {
            return List.of("mx");
        }
    };

    static List<String> complete(String line, boolean shell) {
        List<String> words = List.of(line.split(" ", -1));
        return Completions.complete(words.subList(0, words.size() - 1), words.getLast(), NAMES, shell)
                .words();
    }

    @Test
    void firstWords() {
        assertThat(complete("pu", false)).containsExactly("push");
        assertThat(complete("po", true)).containsExactly("policy", "pool");
        assertThat(complete("-", false)).contains("-a", "-d", "-m", "-g", "-f", "--json", "--redis");
    }

    @Test
    void familyFlagsFollowTheAction() {
        assertThat(complete("-a --p", false)).containsExactly("--policy", "--pool");
        assertThat(complete("-f --", false)).contains("--flushdb").doesNotContain("--policy");
    }

    @Test
    void storedNamesAttributesAndValues() {
        assertThat(complete("-m --policy ", false)).containsExactly("default", "outbound");
        assertThat(complete("-g --policy ", false)).containsExactly("default", "outbound", "all");
        assertThat(complete("-a --policy p Source any Jail", false))
                .containsExactly("JailBy", "JailSpec", "JailAction");
        assertThat(complete("-a --policy p Source ", false))
                .containsExactly("any", "internal", "vip", "!internal", "!vip");
        assertThat(complete("-a --policy p JailBy Sender", false))
                .containsExactly("SenderIP", "Sender", "Sender+", "SenderDomain", "SenderDomain+");
        assertThat(complete("-m --group ", false)).containsExactly("internal", "vip");
        assertThat(complete("-a --features global global_c", false))
                .containsExactly("global_conditions", "global_custom_block");
        assertThat(complete("-m --metadata u@x.example manual_block ", false)).containsExactly("TRUE", "FALSE");
    }

    @Test
    void attributesAlreadyGivenAreNotOfferedAgain() {
        assertThat(complete("-a --policy p Source any Destination any S", false))
                .containsExactly("StopHere", "SPF", "SubjectProbation");
    }

    @Test
    void subcommandArguments() {
        assertThat(complete("help gr", false)).containsExactly("group");
        assertThat(complete("reset --policy ", false)).containsExactly("default", "outbound");
        assertThat(Completions.complete(List.of("push"), "", NAMES, false).files())
                .isTrue();
        assertThat(complete("completion ", false)).containsExactly("bash");
    }
}
