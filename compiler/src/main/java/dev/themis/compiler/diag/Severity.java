package dev.themis.compiler.diag;

/** How bad a diagnostic is: an error stops the compile, a warning does not. */
public enum Severity {
    ERROR,
    WARNING;

    /** The lowercase word used in rendered output: {@code error} or {@code warning}. */
    public String word() {
        return this == ERROR ? "error" : "warning";
    }
}
