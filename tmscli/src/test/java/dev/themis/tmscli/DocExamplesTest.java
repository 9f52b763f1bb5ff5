package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.themis.runtime.testing.RedisServer;
import dev.themis.tmscli.ops.RedisBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example of {@code docs/tmscli*.md} against a real redis-server, so a documented
 * example that stops working fails the build. In a page:
 *
 * <ul>
 *   <li>a {@code ```console} block holds {@code $ tmscli ARGS} lines, each followed by the exact
 *       output (standard output, then standard error); {@code > FILE} at the end of a command
 *       writes its output to FILE instead; a line {@code [exit N]} after the output says the exit
 *       status (default 0);
 *   <li>a {@code ```tms file=NAME} block is written to NAME before the page's commands run.
 * </ul>
 *
 * Each page starts with an empty Redis; its blocks run in order and share state.
 */
class DocExamplesTest {
    @RegisterExtension
    static final RedisServer redis = RedisServer.create();

    @TempDir
    Path work;

    static Path docs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.exists(p.resolve("mvnw"))) {
                return p.resolve("docs");
            }
        }
        throw new AssertionError("docs/ not found above " + Path.of("").toAbsolutePath());
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedExampleWorks() throws IOException {
        List<Path> pages;
        try (Stream<Path> s = Files.list(docs())) {
            pages = s.filter(p -> p.getFileName().toString().matches("tmscli.*\\.md"))
                    .sorted()
                    .toList();
        }
        assertThat(pages).as("docs/tmscli*.md").hasSizeGreaterThan(5);
        return pages.stream()
                .map(page -> DynamicTest.dynamicTest(page.getFileName().toString(), () -> runPage(page)));
    }

    record Example(int line, List<String> args, String expected, int status, String redirect) {}

    void runPage(Path page) throws Exception {
        redis.flushAll();
        Path dir = Files.createTempDirectory(work, "page");
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```tms file=")) {
                String name = l.substring("```tms file=".length()).trim();
                StringBuilder text = new StringBuilder();
                for (i++; !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
                continue;
            }
            if (!l.equals("```console")) {
                continue;
            }
            for (i++; !lines.get(i).startsWith("```"); ) {
                String cmd = lines.get(i);
                assertThat(cmd)
                        .as(page + ":" + (i + 1) + " must start with `$ tmscli `")
                        .startsWith("$ tmscli");
                int at = i + 1;
                StringBuilder expected = new StringBuilder();
                int status = 0;
                for (i++; !lines.get(i).startsWith("```") && !lines.get(i).startsWith("$ "); i++) {
                    if (lines.get(i).matches("\\[exit \\d+]")) {
                        status = Integer.parseInt(lines.get(i).replaceAll("\\D", ""));
                    } else {
                        expected.append(lines.get(i)).append('\n');
                    }
                }
                List<String> words = Words.split(cmd.substring("$ tmscli".length()));
                String redirect = "";
                if (words.size() >= 2 && words.get(words.size() - 2).equals(">")) {
                    redirect = words.getLast();
                    words = words.subList(0, words.size() - 2);
                }
                examples.add(new Example(at, words, expected.toString(), status, redirect));
            }
        }
        for (Example e : examples) {
            List<String> args = new ArrayList<>();
            for (String w : e.args()) {
                args.add(
                        Files.exists(dir.resolve(w)) && !w.isBlank()
                                ? dir.resolve(w).toString()
                                : w);
            }
            args.addAll(List.of("--redis", redis.uri()));
            Run r = Run.of(s -> RedisBackend.open(s, Run.CLOCK), dir, Map.of(), "y\n", args);
            String where = page.getFileName() + ":" + e.line() + " `tmscli " + String.join(" ", e.args()) + "`";
            if (!e.redirect().isEmpty()) {
                Files.writeString(dir.resolve(e.redirect()), r.out(), StandardCharsets.UTF_8);
                assertThat(r.err()).as(where).isEmpty();
            } else {
                String actual = (r.out() + r.err()).replace(dir.toString() + "/", "");
                assertThat(strip(actual)).as(where).isEqualTo(strip(e.expected()));
            }
            assertThat(r.status())
                    .as(where + " exit status; stderr: " + r.err())
                    .isEqualTo(e.status());
        }
    }

    static String strip(String s) {
        return s.lines()
                .map(String::stripTrailing)
                .reduce("", (a, b) -> a + b + "\n")
                .strip();
    }

    /** Shell-like splitting: blanks separate words; '...' and "..." quote. */
    static final class Words {
        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        cur.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (c == ' ') {
                    if (inWord) {
                        out.add(cur.toString());
                        cur.setLength(0);
                        inWord = false;
                    }
                } else {
                    cur.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                out.add(cur.toString());
            }
            return out;
        }
    }
}
