/**
 * End-to-end tests: a real Postfix in front of a real {@code bin/themisd}, configured with the real
 * {@code bin/tmscli} against a real {@code redis-server}. The support classes here start and stop
 * exactly the processes they own.
 */
@NullMarked
package dev.themis.e2e;

import org.jspecify.annotations.NullMarked;
