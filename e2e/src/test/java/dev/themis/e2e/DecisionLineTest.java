package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionLineTest {

    @Test
    void readsPlainAndQuotedFieldsAfterTheLoggerPrefix() {
        String line = "2026-11-25 13:40:01.123 INFO  [vt-7] decision qid=4721220E748 mta=mx1.example.test"
                + " client=127.0.0.1 from=a@example.org rcpts=2 login=- policy=limit object=a@example.org"
                + " outcome=reject reply=\"550 5.7.1 Limit reached. Blocking for 60 second(s)\""
                + " detail=\"3/3 in \\\"60s\\\"\" stage=data config=4 ms=0.41";

        DecisionLine d = DecisionLine.parse(line).orElseThrow();

        assertThat(d.queueId()).isEqualTo("4721220E748");
        assertThat(d.mta()).isEqualTo("mx1.example.test");
        assertThat(d.outcome()).isEqualTo("reject");
        assertThat(d.get("reply")).isEqualTo("550 5.7.1 Limit reached. Blocking for 60 second(s)");
        assertThat(d.get("detail")).isEqualTo("3/3 in \"60s\"");
        assertThat(d.get("login")).isEqualTo("-");
        assertThat(d.get("ms")).isEqualTo("0.41");
        assertThat(d.get("missing")).isEqualTo("-");
    }

    @Test
    void otherLinesAreNotDecisions() {
        assertThat(DecisionLine.parse("INFO themisd listening on inet:127.0.0.1:8440"))
                .isEmpty();
    }
}
