package dev.themis.tmscli.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/** Help texts: the overview is generated from {@link CommandModel}, topics are resources. */
public final class Help {
    private Help() {}

    public static String general() {
        StringBuilder b = new StringBuilder();
        b.append("tmscli: configure Themis (policies, groups, pools, features, metadata) in Redis\n\n");
        b.append("The original command line:\n");
        b.append("  tmscli {-a|-d|-m|-g} --policy NAME [Attribute Value ...]\n");
        b.append("  tmscli {-a|-d|-m|-g} --group NAME 'member member ...' [--remove]\n");
        b.append("  tmscli {-a|-d|-m|-g} --pool NAME 'server server ...' [--remove]\n");
        b.append("  tmscli {-a|-m} --actionheaders POLICY MATCH_HEADER REGEXP NEW_HEADER NEW_VALUE [...]\n");
        b.append("  tmscli -d --actionheaders POLICY MATCH_HEADER | POLICY --clear\n");
        b.append("  tmscli {-a|-d|-m|-g} --features NAMESPACE|global [FEATURE VALUE]   (-g --features list)\n");
        b.append("  tmscli {-a|-d|-m|-g} --metadata OBJECT [KEY VALUE]                (-g --metadata list)\n");
        b.append("  tmscli -g --search PATTERN          tmscli -d --del-lookup PATTERN\n");
        b.append("  tmscli -d --flushdb (asks)          tmscli -f --flushdb (no question)\n");
        b.append("  tmscli -a --resync                  tmscli -a --remote HOST\n");
        b.append("  -a add, -d delete, -m modify, -g get (NAME `all`: every one); -g prints JSON\n\n");
        b.append("Commands:\n");
        for (Subcommand s : CommandModel.SUBCOMMANDS) {
            b.append(String.format(Locale.ROOT, "  %-40s %s%n", s.synopsis(), s.summary()));
        }
        b.append("\nOptions (anywhere on the line):\n");
        for (OptionSpec o : CommandModel.GLOBAL_OPTIONS) {
            String n = String.join(", ", o.names())
                    + (o.arg() != null ? " " + o.arg().name() : "");
            b.append(String.format(Locale.ROOT, "  %-40s %s%n", n, o.help()));
        }
        b.append(String.format(Locale.ROOT, "  %-40s %s%n", "-h, --help [TOPIC]", "help, optionally on a topic"));
        b.append("\nTopics: ").append(String.join(", ", CommandModel.TOPICS)).append('\n');
        b.append("With no arguments on a terminal, tmscli opens its interactive shell.\n");
        return b.toString();
    }

    /**
     * The help text of one topic.
     *
     * @param placeholders fills {@code @NAME@} markers (e.g. the attribute table from the compiler)
     */
    public static String topic(String topic, Function<String, String> placeholders) {
        String t = topic.toLowerCase(Locale.ROOT).replaceFirst("^--", "");
        if (t.equals("policies")) {
            t = "policy";
        }
        if (!CommandModel.TOPICS.contains(t)) {
            String hint = Suggest.closest(t, CommandModel.TOPICS)
                    .map(s -> "; did you mean `" + s + "`?")
                    .orElse("; topics: " + String.join(", ", CommandModel.TOPICS));
            throw new UsageException("no help on `" + topic + "`" + hint);
        }
        String text = resource("help/" + t + ".txt");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int at = text.indexOf('@', i);
            int end = at < 0 ? -1 : text.indexOf('@', at + 1);
            if (at < 0 || end < 0) {
                out.append(text, i, text.length());
                break;
            }
            if (!text.substring(at + 1, end).matches("[A-Z_]+")) {
                out.append(text, i, at + 1);
                i = at + 1;
                continue;
            }
            out.append(text, i, at).append(placeholders.apply(text.substring(at + 1, end)));
            i = end + 1;
        }
        return out.toString();
    }

    static String resource(String name) {
        try (InputStream in = Help.class.getResourceAsStream("/dev/themis/tmscli/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }
}
