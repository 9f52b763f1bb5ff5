package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;

/**
 * One statement of the policy language. A configuration is a set of statements with unique
 * {@link #key() keys}; the Redis store keeps exactly {@code key -> canonical statement text}.
 * Equality ignores spans.
 */
public sealed interface Statement
        permits PolicyStatement,
                GroupStatement,
                PoolStatement,
                ActionHeadersStatement,
                FeatureStatement,
                MetadataStatement {

    /** Where the whole statement was written. */
    Span span();

    /**
     * The statement's identity in a configuration:
     *
     * <ul>
     *   <li>{@code policy:NAME} for a global policy, {@code policy:POOL:NAME} for a pool policy
     *       (the policy name itself is {@code POOL:NAME});
     *   <li>{@code group:NAME} (group names are case-insensitive: NAME is lowercased);
     *   <li>{@code pool:NAME};
     *   <li>{@code actionheaders:POLICY:HEADER} (HEADER lowercased; POLICY may contain one colon,
     *       HEADER never does, so the last colon separates them);
     *   <li>{@code features:NAMESPACE:KEY};
     *   <li>{@code metadata:OBJECT:KEY} (OBJECT lowercased; it may contain colons, KEY never does).
     * </ul>
     */
    String key();

    /** The statement keyword: {@code policy}, {@code group}, ... */
    String keyword();
}
