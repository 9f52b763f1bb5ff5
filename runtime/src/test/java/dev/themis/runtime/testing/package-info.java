/**
 * Test harness: real {@code redis-server} processes on free loopback ports, started and stopped by
 * JUnit 5 extensions. Published in the runtime test-jar for the milter, tmscli, e2e and benchmark
 * modules.
 *
 * <p>It stops exactly the processes it started (by PID, never by name), binds to 127.0.0.1 only and
 * never persists anything ({@code save ""}, {@code appendonly no}).
 */
@NullMarked
package dev.themis.runtime.testing;

import org.jspecify.annotations.NullMarked;
