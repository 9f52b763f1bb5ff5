/** Prometheus metrics for themisd, fed by the runtime listener and the server. */
@NullMarked
package dev.themis.milter.metrics;

import org.jspecify.annotations.NullMarked;
