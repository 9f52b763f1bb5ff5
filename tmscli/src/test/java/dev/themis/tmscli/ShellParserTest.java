package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.tmscli.shell.ShellParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shell lines split like a POSIX shell, so regular expressions survive. */
class ShellParserTest {
    static List<String> words(String line) {
        return new ShellParser().parse(line, line.length()).words();
    }

    @Test
    void singleQuotesKeepBackslashes() {
        assertThat(words("-a --actionheaders p Subject '(?i)^\\[bulk\\]' X-Class bulk"))
                .containsExactly("-a", "--actionheaders", "p", "Subject", "(?i)^\\[bulk\\]", "X-Class", "bulk");
    }

    @Test
    void doubleQuotesEscapeOnlyQuoteAndBackslash() {
        assertThat(words("x \"a\\d \\\" \\\\\" y")).containsExactly("x", "a\\d \" \\", "y");
    }

    @Test
    void outsideQuotesABackslashEscapesTheNextCharacter() {
        assertThat(words("x a\\ b y")).containsExactly("x", "a b", "y");
    }
}
