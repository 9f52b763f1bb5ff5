package dev.themis.runtime.headers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Administrator regexps run in linear time (spec section 12). Instead of timing anything, count the
 * characters the matcher reads: with re2j that count grows in proportion to the header's length even
 * for the textbook catastrophic patterns, where a backtracking engine may read each character an
 * exponential number of times.
 */
class HeaderRegexLinearTimeTest {

    /** A header value that counts how often the regex engine reads a character. */
    static final class CountingText implements CharSequence {
        private final String text;
        long reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountingText(text.substring(start, end));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static long readsToMatch(String regex, String value) {
        CountingText text = new CountingText(value);
        boolean found = com.google.re2j.Pattern.compile(regex).matcher(text).find();
        assertThat(found).as("the near-miss input does not match").isFalse();
        return text.reads;
    }

    @Test
    void pathologicalPatternsReadEachCharacterABoundedNumberOfTimes() {
        for (String regex : List.of("^(a+)+$", "^(a|a)*$", "^(a|aa)+$", "(x+x+)+y", "^(.*a){12}$")) {
            String prefix = regex.contains("x") ? "x" : "a";
            long shortReads = readsToMatch(regex, prefix.repeat(1_000) + "!");
            long longReads = readsToMatch(regex, prefix.repeat(10_000) + "!");
            System.out.printf("%-14s %,9d reads for 1,001 chars, %,10d for 10,001%n", regex, shortReads, longReads);
            assertThat(shortReads)
                    .as("%s: the matcher reads the value through the counter", regex)
                    .isGreaterThanOrEqualTo(1_000);
            assertThat(longReads)
                    .as("%s: reads for 10,000 characters vs %d for 1,000", regex, shortReads)
                    .isLessThanOrEqualTo(shortReads * 12);
            assertThat(longReads)
                    .as("%s: a small constant number of reads per character", regex)
                    .isLessThan(10_000L * 64);
        }
    }

    @Test
    void aLongHeaderThroughHeaderActionsStillMatches() {
        HeaderRule rule = HeaderRule.compile("X-Mailer", "^(a+)+$", List.of(new Header("X-Odd", "1")));
        HeaderActions actions = HeaderActions.of(List.of(rule));
        String value = "a".repeat(100_000);
        assertThat(actions.apply(List.of(new Header("X-Mailer", value + "!"))).matchedAny())
                .isFalse();
        assertThat(actions.apply(List.of(new Header("X-Mailer", value))).matchedAny())
                .isTrue();
    }
}
