package dev.themis.runtime.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.Header;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Whatever the SMTP client sends as HELO name and sender, the {@code Received-SPF} header stays one
 * well-formed header: no line break or NUL, a balanced comment, and key=value pairs that a reader
 * following RFC 7208 section 9.1 can take apart. Seeded random inputs; the seed is printed.
 */
class ReceivedSpfPropertyTest {

    // result SP "(" comment ")" then pairs: key=dot-atom; or key="quoted"; (quoted-pair escapes)
    static final Pattern WELL_FORMED = Pattern.compile("^(pass|fail|softfail|neutral|none|temperror|permerror)"
            + " \\((?:[^()\\\\]|\\\\.)*\\)"
            + "(?: [a-z-]+=(?:[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]+|\"(?:[^\"\\\\]|\\\\.)*\");)+$");

    static final String ALPHABET = "abcXYZ019.-@[]()\\\"; =:\r\n\t\0é日";

    @Test
    void randomClientTextNeverBreaksTheHeader() {
        long seed = System.nanoTime();
        System.out.println("ReceivedSpfPropertyTest seed " + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            String helo = randomText(random);
            String sender = randomText(random);
            SpfResult result = SpfResult.values()[random.nextInt(SpfResult.values().length)];
            String comment = JspfChecker.comment(result, sender, "192.0.2.1", helo, randomText(random));
            Header h = ReceivedSpf.header(result, comment, "mx.example.org", "192.0.2.1", sender, helo, "mailfrom");
            assertThat(h.value())
                    .as("seed %d, helo %s, sender %s", seed, helo, sender)
                    .doesNotContain("\r", "\n", "\0")
                    .matches(WELL_FORMED);
            assertThat(h.name().length() + 2 + h.value().length())
                    .as("seed %d: one header line within RFC 5322's 998 characters", seed)
                    .isLessThanOrEqualTo(998);
        }
    }

    @Test
    void theWorstClientInputStillFitsOneLine() {
        String quotes = "\"".repeat(2_000);
        Header h = ReceivedSpf.header(
                SpfResult.FAIL,
                "domain of " + quotes,
                "mx.example.org",
                "192.0.2.1",
                quotes + "@x",
                quotes,
                "mailfrom");
        assertThat(h.value()).matches(WELL_FORMED).startsWith("fail (mx.example.org: SPF fail)");
        assertThat(h.name().length() + 2 + h.value().length()).isLessThanOrEqualTo(998);
    }

    private static String randomText(Random random) {
        int n = random.nextInt(10) == 0 ? random.nextInt(2_000) : random.nextInt(12);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
