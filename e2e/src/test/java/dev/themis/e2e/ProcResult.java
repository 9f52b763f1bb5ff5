package dev.themis.e2e;

/** The outcome of one finished command: exit code and what it printed. */
public record ProcResult(String command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** A readable account of the run for assertion messages. */
    public String describe() {
        return "`" + command + "` exited " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }
}
