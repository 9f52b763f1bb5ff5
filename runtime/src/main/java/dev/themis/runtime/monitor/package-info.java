/**
 * Traffic monitoring: messages per second overall and per policy with {@code RequestsMon}, kept for
 * {@code messagesBySecStoreDays}, in Redis or in memory, and read back as per-second series.
 */
@NullMarked
package dev.themis.runtime.monitor;

import org.jspecify.annotations.NullMarked;
