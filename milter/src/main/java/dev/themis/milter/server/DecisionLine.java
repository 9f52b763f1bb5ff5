package dev.themis.milter.server;

import dev.themis.runtime.Decision;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.SmtpReply;
import dev.themis.runtime.eval.JailObjects;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one log line per decision. Its format is a published interface (administrators grep it beside
 * Postfix's maillog, the end-to-end tests parse it) and only gains fields at the end:
 *
 * <pre>
 * decision qid=4721220E748 mta=mx1.example.test client=192.0.2.7 from=alice@example.test rcpts=2 login=alice
 *   policy=limit object=alice@example.test outcome=reject reply="550 5.7.1 Limit reached" detail="3/3 in 60s"
 *   stage=data config=4 ms=0.41
 * </pre>
 *
 * (on one line). Absent values are {@code -}; values with spaces, quotes or {@code =} are quoted with
 * {@code "} and {@code \} escapes. {@code outcome} is {@code accept}, {@code reject}, {@code tempfail}
 * or {@code hold}; {@code stage} is {@code data} or {@code eom}.
 */
public final class DecisionLine {
    private DecisionLine() {}

    public static String format(
            MessageFacts facts, Decision decision, @Nullable String renderedReply, String stage, Duration latency) {
        StringBuilder b = new StringBuilder(256).append("decision");
        field(b, "qid", facts.queueId());
        field(b, "mta", facts.mtaHost());
        InetAddress client = facts.clientAddress();
        field(b, "client", client == null ? null : JailObjects.ip(client));
        field(b, "from", facts.sender().isEmpty() ? "<>" : facts.sender());
        field(b, "rcpts", Integer.toString(facts.recipients().size()));
        field(b, "login", facts.saslLogin());
        field(b, "policy", decision.policy());
        field(b, "object", decision.object());
        field(b, "outcome", decision.verdict().name().toLowerCase(Locale.ROOT));
        SmtpReply reply = decision.reply();
        field(b, "reply", renderedReply != null ? renderedReply : reply == null ? null : reply.code() + "");
        field(b, "detail", decision.detail().isEmpty() ? null : decision.detail());
        field(b, "stage", stage);
        field(b, "config", Long.toString(decision.configVersion()));
        field(b, "ms", String.format(Locale.ROOT, "%.2f", latency.toNanos() / 1e6));
        return b.toString();
    }

    private static void field(StringBuilder b, String key, @Nullable String value) {
        b.append(' ').append(key).append('=');
        if (value == null || value.isEmpty()) {
            b.append('-');
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7F;
        }
        if (!quote) {
            b.append(value);
            return;
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < ' ' || c == 0x7F ? '?' : c);
            }
        }
        b.append('"');
    }
}
