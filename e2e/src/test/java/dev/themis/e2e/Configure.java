package dev.themis.e2e;

import java.time.Duration;

/**
 * Set-up steps of a test: a tmscli change, then a short wait until themisd says it reloaded, so the
 * messages that follow are not racing the hot reload. (The scenario that proves "the next message
 * sees the change" calls tmscli directly and does not wait.)
 */
final class Configure {
    private Configure() {}

    static ProcResult run(ThemisdProcess themisd, TmscliRunner tmscli, String... args) {
        int mark = themisd.logMark();
        ProcResult r = tmscli.ok(args);
        // Best effort: if themisd logs no reload line, the assertions that follow tell what happened.
        themisd.awaitLog(mark, "reload", Duration.ofSeconds(5));
        return r;
    }
}
