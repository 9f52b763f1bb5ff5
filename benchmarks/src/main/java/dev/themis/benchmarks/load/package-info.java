/** The milter load driver: plays many Postfix sessions against a running themisd. */
@NullMarked
package dev.themis.benchmarks.load;

import org.jspecify.annotations.NullMarked;
