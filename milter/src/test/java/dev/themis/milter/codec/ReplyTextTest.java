package dev.themis.milter.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplyTextTest {

    @Test
    void plainReply() {
        assertThat(ReplyText.render(550, "5.7.1", "Limit reached. Blocking for 42 second(s)"))
                .isEqualTo("550 5.7.1 Limit reached. Blocking for 42 second(s)");
    }

    @Test
    void percentIsDoubled() {
        assertThat(ReplyText.render(451, "4.7.1", "100% used")).isEqualTo("451 4.7.1 100%% used");
    }

    @Test
    void lineBreaksAndControlsBecomeOneLine() {
        assertThat(ReplyText.render(550, "5.7.1", "first\r\nsecond\tthird\0end"))
                .isEqualTo("550 5.7.1 first second third?end");
    }

    @Test
    void nonAsciiIsReplaced() {
        assertThat(ReplyText.render(550, "5.7.1", "Grenze erreicht für ä"))
                .isEqualTo("550 5.7.1 Grenze erreicht f?r ?");
    }

    @Test
    void enhancedCodeOfAnotherClassIsReplaced() {
        assertThat(ReplyText.render(550, "4.7.1", "x")).isEqualTo("550 5.7.1 x");
        assertThat(ReplyText.render(451, "5.2.2", "x")).isEqualTo("451 4.7.1 x");
        assertThat(ReplyText.render(451, "4.7", "x")).isEqualTo("451 4.7.1 x");
    }

    @Test
    void emptyTextGetsADefault() {
        assertThat(ReplyText.render(550, "5.7.1", "  ")).isEqualTo("550 5.7.1 Message refused by policy");
        assertThat(ReplyText.render(451, "4.7.1", "")).isEqualTo("451 4.7.1 Try again later");
    }

    @Test
    void longTextIsCutAt980CharactersWithoutSplittingAPercentPair() {
        String r = ReplyText.render(550, "5.7.1", "%".repeat(2000));
        assertThat(r).hasSizeLessThanOrEqualTo(ReplyText.MAX_LINE);
        assertThat(r.substring("550 5.7.1 ".length())).matches("(%%)+");
    }

    @Test
    void onlyFourAndFiveHundredsAreReplies() {
        assertThatThrownBy(() -> ReplyText.render(250, "2.0.0", "ok")).isInstanceOf(IllegalArgumentException.class);
    }
}
