package dev.themis.runtime.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.PatternSyntaxException;
import dev.themis.runtime.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderActionsTest {

    static final HeaderRule BULK = HeaderRule.compile(
            "Precedence",
            "^(bulk|list)$",
            List.of(new Header("X-Themis-Class", "bulk"), new Header("X-Priority", "5")));
    static final HeaderRule NEWSLETTER =
            HeaderRule.compile("List-Id", "(?i)newsletter", List.of(new Header("X-Themis-Class", "newsletter")));

    static final HeaderActions ACTIONS = HeaderActions.of(List.of(BULK, NEWSLETTER));

    @Test
    void matchingHeaderAddsTheNewHeadersInOrder() {
        HeaderActions.Result r = ACTIONS.apply(List.of(new Header("Subject", "hi"), new Header("Precedence", "bulk")));
        assertThat(r.added()).containsExactly(new Header("X-Themis-Class", "bulk"), new Header("X-Priority", "5"));
        assertThat(r.matched()).containsExactly(BULK);
        assertThat(r.matchedAny()).isTrue();
    }

    @Test
    void headerNamesCompareCaseInsensitivelyValuesByTheRegex() {
        assertThat(ACTIONS.apply(List.of(new Header("PRECEDENCE", "list"))).added())
                .hasSize(2);
        assertThat(ACTIONS.apply(List.of(new Header("precedence", "BULK"))).matchedAny())
                .as("the regex is case-sensitive unless it says (?i)")
                .isFalse();
        assertThat(ACTIONS.apply(List.of(new Header("list-id", "Weekly NewsLetter <n.example.com>")))
                        .added())
                .containsExactly(new Header("X-Themis-Class", "newsletter"));
    }

    @Test
    void theRegexMatchesAnywhereUnlessAnchored() {
        HeaderRule spamish = HeaderRule.compile("Subject", "viagra", List.of(new Header("X-Spam", "yes")));
        HeaderActions a = HeaderActions.of(List.of(spamish));
        assertThat(a.apply(List.of(new Header("Subject", "cheap viagra now"))).matchedAny())
                .isTrue();
        assertThat(ACTIONS.apply(List.of(new Header("Precedence", "not bulk"))).matchedAny())
                .as("^...$ anchors")
                .isFalse();
    }

    @Test
    void noMatchingHeaderAddsNothing() {
        assertThat(ACTIONS.apply(List.of(new Header("Subject", "bulk"))).added())
                .isEmpty();
        assertThat(ACTIONS.apply(List.of()).matchedAny()).isFalse();
        assertThat(HeaderActions.NONE
                        .apply(List.of(new Header("Precedence", "bulk")))
                        .added())
                .isEmpty();
    }

    @Test
    void aRuleAddsItsHeadersOncePerMessage() {
        HeaderActions.Result r = ACTIONS.apply(List.of(
                new Header("Precedence", "bulk"),
                new Header("Precedence", "list"),
                new Header("List-Id", "newsletter"),
                new Header("Precedence", "bulk")));
        assertThat(r.added())
                .containsExactly(
                        new Header("X-Themis-Class", "bulk"),
                        new Header("X-Priority", "5"),
                        new Header("X-Themis-Class", "newsletter"));
    }

    @Test
    void rulesAreAppliedInRuleOrderNotHeaderOrder() {
        HeaderActions.Result r =
                ACTIONS.apply(List.of(new Header("List-Id", "newsletter"), new Header("Precedence", "bulk")));
        assertThat(r.matched()).containsExactly(BULK, NEWSLETTER);
    }

    @Test
    void foldedValuesAreUnfoldedBeforeMatching() {
        HeaderRule r = HeaderRule.compile("Subject", "^weekly report$", List.of(new Header("X-Report", "1")));
        HeaderActions a = HeaderActions.of(List.of(r));
        assertThat(a.apply(List.of(new Header("Subject", "weekly\r\n report"))).matchedAny())
                .isTrue();
        assertThat(a.apply(List.of(new Header("Subject", "weekly\n\treport"))).matchedAny())
                .as("tab folding keeps the tab, which is not a space")
                .isFalse();
    }

    @Test
    void backtrackingOnlyFeaturesAreRejected() {
        assertThatThrownBy(() -> HeaderRule.compile("Subject", "(a)\\1", List.of(new Header("X", "1"))))
                .isInstanceOf(PatternSyntaxException.class);
        assertThatThrownBy(() -> HeaderRule.compile("Subject", "foo(?=bar)", List.of(new Header("X", "1"))))
                .isInstanceOf(PatternSyntaxException.class);
        assertThatThrownBy(() -> HeaderRule.compile("Subject", "(unclosed", List.of(new Header("X", "1"))))
                .isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void headersThatCannotBeWrittenAreRejected() {
        assertThatThrownBy(() -> HeaderRule.compile("Subject", "x", List.of(new Header("X Bad", "1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid header name `X Bad`");
        assertThatThrownBy(() -> HeaderRule.compile("Sub:ject", "x", List.of(new Header("X", "1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderRule.compile("Subject", "x", List.of(new Header("X", "1\r\nBcc: a@b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR, LF");
        assertThatThrownBy(() -> HeaderRule.compile("Subject", "x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
