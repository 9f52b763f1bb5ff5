/**
 * The MTA side of the milter protocol: what Postfix does, for tests and the load driver. Not used by
 * themisd itself.
 */
@NullMarked
package dev.themis.milter.mta;

import org.jspecify.annotations.NullMarked;
