package dev.themis.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.compiler.diag.Code;
import dev.themis.compiler.model.PolicyAttribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documentation names every diagnostic code and every policy attribute. */
class DocsTest {
    @Test
    void everyCodeIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("../docs/diagnostics.md"), StandardCharsets.UTF_8);
        for (Code c : Code.values()) {
            assertThat(doc).as("docs/diagnostics.md").contains("| " + c.name() + " |");
        }
    }

    @Test
    void everyAttributeIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("../docs/policy-language.md"), StandardCharsets.UTF_8);
        for (PolicyAttribute a : PolicyAttribute.values()) {
            assertThat(doc).as("docs/policy-language.md").contains("`" + a.spelling() + "`");
        }
    }
}
