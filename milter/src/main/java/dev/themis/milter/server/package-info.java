/** The milter server: one virtual thread per connection, per-message state, decision timing, replies. */
@NullMarked
package dev.themis.milter.server;

import org.jspecify.annotations.NullMarked;
