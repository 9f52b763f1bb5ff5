/**
 * Per-object metadata (manual block, bypass, limit overrides, state kept by themisd) and key
 * management for tmscli: search, delete by pattern, flush only Themis' keys, list blocked objects.
 * Schema: {@code docs/redis-schema.md}.
 */
@NullMarked
package dev.themis.runtime.metadata;

import org.jspecify.annotations.NullMarked;
