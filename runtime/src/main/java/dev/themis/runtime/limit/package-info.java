/**
 * Exact sliding-window rate limits: one {@link dev.themis.runtime.limit.Limiter} interface with an
 * in-memory implementation (embedded mode) and a Redis implementation (one server-side script per
 * message). See docs/adr/0002-exact-rate-limits.md.
 */
@NullMarked
package dev.themis.runtime.limit;

import org.jspecify.annotations.NullMarked;
