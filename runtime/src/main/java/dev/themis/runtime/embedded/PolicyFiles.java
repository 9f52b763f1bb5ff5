package dev.themis.runtime.embedded;

import dev.themis.compiler.Source;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy files of embedded mode. Each configured path is a {@code .tms} file or a directory
 * whose {@code *.tms} files (not recursive, sorted by name) are read; all of them together form one
 * configuration.
 */
public record PolicyFiles(List<Path> paths) {
    public PolicyFiles {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("embedded mode needs at least one policy file");
        }
    }

    /** The files the paths name now (directories expanded). */
    public List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inDir = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "*.tms")) {
                    for (Path f : ds) {
                        if (Files.isRegularFile(f)) {
                            inDir.add(f);
                        }
                    }
                }
                inDir.sort(null);
                out.addAll(inDir);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Reads every file as UTF-8. */
    public List<Source> read() throws IOException {
        List<Source> out = new ArrayList<>();
        for (Path f : files()) {
            try {
                out.add(new Source(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
            } catch (NoSuchFileException e) {
                throw new IOException("policy file " + f + ": no such file", e);
            } catch (MalformedInputException e) {
                throw new IOException("policy file " + f + ": not UTF-8 text", e);
            }
        }
        return out;
    }
}
