package dev.themis.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message as the next hop (smtp-sink) received it: the headers a user's mail client would see,
 * including those a milter added.
 */
public record DeliveredMessage(Path file, String text) {

    /** Header lines in order, continuation lines unfolded. */
    public List<String> headerLines() {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && !out.isEmpty()) {
                out.set(out.size() - 1, out.getLast() + " " + line.strip());
            } else {
                out.add(line);
            }
        }
        return List.copyOf(out);
    }

    /** Values of every header named {@code name} (case-insensitive), in order. */
    public List<String> headers(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headerLines().stream()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip())
                .toList();
    }
}
