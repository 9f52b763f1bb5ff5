package dev.themis.milter.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void flagsWithSeparateAndInlineValues() throws Exception {
        assertThat(Options.parse(
                        List.of("--listen", "unix:/x", "--redis=redis://h:1", "--config", "f.yaml", "--check")))
                .isEqualTo(new Options("f.yaml", "unix:/x", "redis://h:1", true, false));
    }

    @Test
    void unknownOptionSuggestsTheNearOne() {
        assertThatThrownBy(() -> Options.parse(List.of("--lisen", "x")))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage("unknown option `--lisen`; did you mean `--listen`?; see themisd --help");
    }

    @Test
    void missingValue() {
        assertThatThrownBy(() -> Options.parse(List.of("--redis")))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage("option `--redis` needs a value");
    }

    @Test
    void strayArgument() {
        assertThatThrownBy(() -> Options.parse(List.of("start")))
                .isInstanceOf(Options.UsageException.class)
                .hasMessage("unexpected argument `start`; see themisd --help");
    }
}
