package dev.themis.runtime.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One conformance case file ({@code src/test/resources/conformance/*.case}): policies, store state
 * and a sequence of messages with the expected decisions. Format:
 *
 * <pre>
 * # comments
 * == policies
 * (a .tms file)
 * == state
 * metadata OBJECT FIELD VALUE      (per-object metadata in the counter store)
 * spf IP RESULT                    (what the SPF checker answers for that client IP)
 * == messages
 * at=MS from=ADDR to=ADDR,ADDR ip=IP sasl=LOGIN helo=NAME mta=HOST header="Name: value" repeat=N every=MS
 *     => VERDICT [CODE ENHANCED "TEXT"] [policy=NAME] [object=OBJECT] [header="Name: value"]
 * </pre>
 *
 * {@code at} is milliseconds after the case's start; {@code repeat} sends the same message N times
 * {@code every} ms apart, all expecting the same decision. {@code policy=-} expects no policy.
 */
record ConformanceCase(String name, String policies, List<String[]> state, List<Message> messages) {

    record Message(int line, Map<String, List<String>> fields, List<String> expected) {
        String one(String key, String fallback) {
            List<String> v = fields.get(key);
            return v == null || v.isEmpty() ? fallback : v.getFirst();
        }

        List<String> all(String key) {
            return fields.getOrDefault(key, List.of());
        }
    }

    static ConformanceCase read(Path file) throws IOException {
        String section = "";
        StringBuilder policies = new StringBuilder();
        List<String[]> state = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("== ")) {
                section = line.substring(3).strip();
                continue;
            }
            if (section.equals("policies")) {
                policies.append(line).append('\n');
                continue;
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (section.equals("state")) {
                state.add(tokens(t).toArray(String[]::new));
            } else if (section.equals("messages")) {
                int arrow = t.indexOf("=>");
                if (arrow < 0) {
                    throw new IOException(file + ":" + (i + 1) + ": message without `=>`");
                }
                Map<String, List<String>> fields = new LinkedHashMap<>();
                for (String tok : tokens(t.substring(0, arrow))) {
                    int eq = tok.indexOf('=');
                    fields.computeIfAbsent(tok.substring(0, eq), k -> new ArrayList<>())
                            .add(tok.substring(eq + 1));
                }
                messages.add(new Message(i + 1, fields, tokens(t.substring(arrow + 2))));
            } else {
                throw new IOException(file + ":" + (i + 1) + ": text outside a section");
            }
        }
        String name = file.getFileName().toString().replace(".case", "");
        return new ConformanceCase(name, policies.toString(), state, messages);
    }

    /** Splits on blanks; double quotes group (and are removed), also inside {@code key="a b"}. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
