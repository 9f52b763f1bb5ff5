package dev.themis.milter.daemon;

import dev.themis.compiler.CompileResult;
import dev.themis.compiler.Compiler;
import dev.themis.compiler.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The policy files themisd loads when the configuration names none: {@code
 * policies/examples/default.tms} under the installation directory if it exists, else the example
 * files that compile together (in name order; a file that would clash with the ones already taken,
 * e.g. by defining the same group, is left out and reported).
 */
public final class DefaultPolicies {
    private DefaultPolicies() {}

    /** The chosen files and the ones left out (with the reason). */
    public record Choice(List<Path> files, List<String> skipped) {
        public Choice {
            files = List.copyOf(files);
            skipped = List.copyOf(skipped);
        }
    }

    public static Choice choose(@Nullable Path themisHome) {
        Path home = themisHome != null ? themisHome : Path.of("").toAbsolutePath();
        Path examples = home.resolve("policies").resolve("examples");
        Path preferred = examples.resolve("default.tms");
        if (Files.isRegularFile(preferred)) {
            return new Choice(List.of(preferred), List.of());
        }
        if (!Files.isDirectory(examples)) {
            return new Choice(List.of(), List.of(examples + ": no example policies found"));
        }
        TreeSet<Path> all = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(examples, "*.tms")) {
            ds.forEach(all::add);
        } catch (IOException e) {
            return new Choice(List.of(), List.of(examples + ": " + e.getMessage()));
        }
        List<Path> taken = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path p : all) {
            Source s;
            try {
                s = new Source(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                skipped.add(p + ": " + e.getMessage());
                continue;
            }
            List<Source> attempt = new ArrayList<>(sources);
            attempt.add(s);
            CompileResult r = Compiler.compileSources(attempt);
            if (r.hasErrors()) {
                skipped.add(p + ": " + r.errors().getFirst().message());
                continue;
            }
            sources.add(s);
            taken.add(p);
        }
        return new Choice(taken, skipped);
    }
}
