package dev.themis.runtime.spf;

/**
 * jSPF logs every directive at INFO and every none/permerror/temperror as a WARN with a stack
 * trace; the checker logs its own one-line result instead. Production sets the level in the logging
 * backend ({@code docs/spf.md}); tests set slf4j-simple's per-logger property before jSPF's classes
 * create their loggers.
 */
final class QuietJspf {
    private QuietJspf() {}

    static void apply() {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.james.jspf", "error");
    }
}
