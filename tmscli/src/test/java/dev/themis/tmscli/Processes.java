package dev.themis.tmscli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tmscli as a real process (a JVM per call), as an administrator's shell would. */
final class Processes {
    private Processes() {}

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The java command line that starts tmscli with the test class path. */
    static List<String> tmscli(String... args) {
        return tmscli(List.of(), args);
    }

    static List<String> tmscli(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                Tmscli.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A {@code tmscli} launcher script in {@code dir} (for bash completion and tmux). */
    static Path launcher(Path dir, Path home) throws IOException {
        Path script = dir.resolve("tmscli");
        StringBuilder s = new StringBuilder("#!/bin/sh\nHOME='" + home + "' exec");
        for (String part : tmscli()) {
            s.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        s.append(" \"$@\"\n");
        Files.writeString(script, s, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    record Result(int status, String out, String err) {}

    static Result run(Path home, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("THEMIS_CFG");
        pb.environment().remove("THEMIS_REDIS");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
