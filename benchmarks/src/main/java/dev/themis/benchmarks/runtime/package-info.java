/** Runtime figures: decisions per second, Redis commands per message, over-admission under a race. */
@NullMarked
package dev.themis.benchmarks.runtime;

import org.jspecify.annotations.NullMarked;
