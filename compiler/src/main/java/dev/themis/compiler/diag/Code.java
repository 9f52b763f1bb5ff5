package dev.themis.compiler.diag;

/**
 * Stable diagnostic codes. A code is never renumbered or reused: retired codes stay in this enum
 * (documented as retired) so that scripts grepping for a code keep their meaning. Errors are
 * {@code TMS0xx}, warnings {@code TMS1xx}. {@code docs/diagnostics.md} explains each one.
 */
public enum Code {
    // Syntax (the parser stops at the first one)
    TMS001(Severity.ERROR, "syntax error"),
    TMS002(Severity.ERROR, "unterminated string"),
    TMS003(Severity.ERROR, "missing argument"),
    TMS004(Severity.ERROR, "too many arguments"),
    TMS005(Severity.ERROR, "empty input"),
    TMS006(Severity.ERROR, "statement keyword on a continuation line"),
    // Names
    TMS010(Severity.ERROR, "invalid name"),
    TMS011(Severity.ERROR, "reserved name"),
    TMS012(Severity.ERROR, "duplicate definition"),
    // Policies
    TMS020(Severity.ERROR, "unknown attribute"),
    TMS021(Severity.ERROR, "invalid attribute value"),
    TMS022(Severity.ERROR, "attribute given twice"),
    TMS023(Severity.ERROR, "missing Source"),
    TMS024(Severity.ERROR, "missing Destination"),
    TMS025(Severity.ERROR, "undefined group"),
    TMS026(Severity.ERROR, "undefined pool"),
    TMS027(Severity.ERROR, "malformed JailSpec"),
    TMS028(Severity.ERROR, "ReplyData too long"),
    TMS029(Severity.ERROR, "bad placeholder in ReplyData"),
    // Groups and pools
    TMS030(Severity.ERROR, "invalid group member"),
    TMS031(Severity.ERROR, "empty group"),
    TMS032(Severity.ERROR, "invalid server name"),
    TMS033(Severity.ERROR, "empty pool"),
    // Action headers
    TMS040(Severity.ERROR, "invalid regular expression"),
    TMS041(Severity.ERROR, "invalid header name"),
    TMS042(Severity.ERROR, "action headers for an undefined policy"),
    TMS043(Severity.ERROR, "invalid header value"),
    // Features and metadata
    TMS050(Severity.ERROR, "unknown feature"),
    TMS051(Severity.ERROR, "invalid feature value"),
    TMS052(Severity.ERROR, "unknown metadata key"),
    TMS053(Severity.ERROR, "invalid metadata value"),
    TMS054(Severity.ERROR, "invalid metadata object"),
    TMS055(Severity.ERROR, "read-only metadata key"),
    // Limits
    TMS090(Severity.ERROR, "too many errors"),
    // Warnings (lint passes)
    TMS100(Severity.WARNING, "unused group"),
    TMS101(Severity.WARNING, "policy can never run"),
    TMS102(Severity.WARNING, "duplicate member"),
    TMS104(Severity.WARNING, "unused pool"),
    TMS190(Severity.WARNING, "too many warnings");

    private final Severity severity;
    private final String title;

    Code(Severity severity, String title) {
        this.severity = severity;
        this.title = title;
    }

    public Severity severity() {
        return severity;
    }

    /** A short title, as listed in {@code docs/diagnostics.md}. */
    public String title() {
        return title;
    }
}
