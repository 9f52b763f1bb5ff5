/** themisd entry point. */
@NullMarked
package dev.themis.milter;

import org.jspecify.annotations.NullMarked;
