/**
 * The configuration in Redis: a versioned set of statements ({@code Statement.key()} → canonical
 * text) read in one consistent step, written with compare-and-set, replaced whole by {@code tmscli
 * push}, and watched for hot reload. Schema: {@code docs/redis-schema.md}.
 */
@NullMarked
package dev.themis.runtime.config;

import org.jspecify.annotations.NullMarked;
