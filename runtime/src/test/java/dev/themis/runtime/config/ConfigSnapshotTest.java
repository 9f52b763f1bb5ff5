package dev.themis.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import dev.themis.compiler.StatementResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSnapshotTest {

    @Test
    void aParsedStatementIsStoredUnderItsKeyAsCanonicalText() {
        StatementResult parsed = Compiler.parseStatement(
                new Source("tmscli", "policy default Source any Destination any JailSpec 10:60 JailAction defer"));
        ConfigChange.Put put = ConfigChange.of(parsed.statement().orElseThrow());
        assertThat(put.key()).isEqualTo("policy:default");
        assertThat(put.text()).startsWith("policy default").doesNotContain("\n");

        ConfigSnapshot snapshot = ConfigSnapshot.of(3, Map.of(put.key(), put.text()));
        assertThat(snapshot.sources()).containsExactly(new Source("policy:default", put.text()));
        CompileResult compiled = Compiler.compileSources(snapshot.sources());
        assertThat(compiled.policySet()).isPresent();
    }
}
