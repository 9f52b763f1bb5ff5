/** themisd: configuration, command line, logging and lifecycle. */
@NullMarked
package dev.themis.milter.daemon;

import org.jspecify.annotations.NullMarked;
