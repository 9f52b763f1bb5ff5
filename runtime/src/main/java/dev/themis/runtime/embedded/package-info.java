/** Embedded mode: policies from {@code .tms} files, watched for changes; counters in memory. */
@NullMarked
package dev.themis.runtime.embedded;

import org.jspecify.annotations.NullMarked;
