package dev.themis.runtime.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which results apply the JailAction, with and without spfStrictRejectFeature (spec section 4). */
class SpfFailureRuleTest {

    @ParameterizedTest(name = "{0}: failure={1}, strict failure={2}, temporary={3}")
    @CsvSource({
        "PASS,      false, false, false",
        "FAIL,      true,  true,  false",
        "SOFTFAIL,  false, true,  false",
        "NEUTRAL,   false, true,  false",
        "NONE,      false, true,  false",
        "TEMPERROR, false, false, true",
        "PERMERROR, false, false, false",
    })
    void failureRule(SpfResult result, boolean failure, boolean strictFailure, boolean temporary) {
        SpfOutcome out = new SpfOutcome(result, "mailfrom", "d.test", "x", new Header("Received-SPF", "x"));
        assertThat(SpfChecker.isFailure(out, false)).isEqualTo(failure);
        assertThat(SpfChecker.isFailure(out, true)).isEqualTo(strictFailure);
        assertThat(SpfChecker.isTemporaryError(out)).isEqualTo(temporary);
    }
}
