package dev.themis.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One decision line of themisd's log, e.g. {@code decision qid=4721220E748 mta=mx1.example.test
 * client=127.0.0.1 from=a@example.org rcpts=1 login=- policy=limit object=a@example.org
 * outcome=reject reply="550 5.7.1 ..." detail="3/3 in 60s" stage=data config=4 ms=0.41}. Absent values
 * are {@code -}.
 */
public record DecisionLine(String raw, Map<String, String> fields) {
    public DecisionLine {
        fields = Map.copyOf(fields);
    }

    private static final String MARKER = "decision qid=";

    /** The decision fields of a log line, or empty when the line is not a decision line. */
    public static Optional<DecisionLine> parse(String line) {
        int at = line.indexOf(MARKER);
        if (at < 0) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String s = line.substring(at + "decision ".length());
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < s.length()) {
                        char n = s.charAt(++i);
                        value.append(
                                switch (n) {
                                    case 'n' -> '\n';
                                    case 'r' -> '\r';
                                    case 't' -> '\t';
                                    default -> n;
                                });
                    } else {
                        value.append(c);
                    }
                    i++;
                }
                i++;
            } else {
                while (i < s.length() && s.charAt(i) != ' ') {
                    value.append(s.charAt(i++));
                }
            }
            fields.put(key, value.toString());
        }
        return Optional.of(new DecisionLine(line, fields));
    }

    /** A field's value; {@code -} (absent) when the line does not have it. */
    public String get(String key) {
        return fields.getOrDefault(key, "-");
    }

    public String queueId() {
        return get("qid");
    }

    public String outcome() {
        return get("outcome");
    }

    public String policy() {
        return get("policy");
    }

    public String object() {
        return get("object");
    }

    public String mta() {
        return get("mta");
    }
}
