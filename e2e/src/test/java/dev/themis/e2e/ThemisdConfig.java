package dev.themis.e2e;

/** themisd configuration files the scenarios need (format: docs/themisd.md). */
final class ThemisdConfig {
    private ThemisdConfig() {}

    /** Defer (451 4.7.1) instead of accepting when Themis cannot decide, e.g. Redis is down. */
    static String onFailureTempfail() {
        return "onFailure: tempfail\n";
    }
}
