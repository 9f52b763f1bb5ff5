package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.tmscli.cli.CommandModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelpTest {
    @TempDir
    Path home;

    @Test
    void everyTopicHasHelpAndPolicyHelpListsEveryAttributeFromTheCompiler() {
        for (String topic : CommandModel.TOPICS) {
            Run r = Run.of(new InMemoryBackend(), home, "--help", topic);
            assertThat(r.status()).as(topic).isZero();
            assertThat(r.out()).as(topic).isNotBlank().doesNotContain("@ATTRIBUTES@");
        }
        String policy = Run.of(new InMemoryBackend(), home, "-h", "policy").out();
        for (dev.themis.compiler.model.PolicyAttribute a : dev.themis.compiler.model.PolicyAttribute.values()) {
            assertThat(policy).contains("  " + a.spelling() + " ");
        }
    }

    @Test
    void anUnknownTopicSuggestsTheNearestOne() {
        Run r = Run.of(new InMemoryBackend(), home, "--help", "grup");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("tmscli: no help on `grup`; did you mean `group`?\n");
    }

    @Test
    void noArgumentsWithoutATerminalPrintsUsageAndFails() {
        Run r = Run.of(new InMemoryBackend(), home);

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("tmscli {-a|-d|-m|-g} --policy NAME");
    }
}
