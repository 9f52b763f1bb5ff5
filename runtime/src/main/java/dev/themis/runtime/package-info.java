/** Evaluates one message against one immutable compiled snapshot and keeps the counters. */
@NullMarked
package dev.themis.runtime;

import org.jspecify.annotations.NullMarked;
