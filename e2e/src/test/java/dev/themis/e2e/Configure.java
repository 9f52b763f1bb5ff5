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
        // The runtime logs "configuration version N active: ..." (or "... rejected, keeping ...") after
        // each reload. Best effort: if no such line comes, the assertions that follow tell what happened.
        themisd.awaitLog(mark, l -> l.contains("configuration version"), Duration.ofSeconds(5));
        return r;
    }

    /**
     * {@code tmscli -a --policy POLICY Source any Destination any JailBy JAILBY JailSpec SPEC
     * JailAction ACTION [MORE...]}, the original's command line for a limit on all traffic, then
     * the wait of {@link #run}.
     */
    static ProcResult limit(
            ThemisdProcess themisd,
            TmscliRunner tmscli,
            String policy,
            String jailBy,
            String spec,
            String action,
            String... more) {
        String[] args = {
            "-a",
            "--policy",
            policy,
            "Source",
            "any",
            "Destination",
            "any",
            "JailBy",
            jailBy,
            "JailSpec",
            spec,
            "JailAction",
            action
        };
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return run(themisd, tmscli, all);
    }
}
