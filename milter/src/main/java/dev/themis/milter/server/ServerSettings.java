package dev.themis.milter.server;

import dev.themis.milter.codec.Protocol;
import dev.themis.runtime.Verdict;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the milter server behaves.
 *
 * @param maxFrame largest accepted packet length field; larger closes the connection
 * @param idleTimeout how long a connection may stay silent between packets. Postfix keeps the milter
 *     connection open while the SMTP client thinks, up to {@code smtpd_timeout} (300s) per command, so
 *     this must be longer than that
 * @param packetTimeout how long the rest of a half-received packet may take
 * @param onFailure the verdict when the decider fails unexpectedly (ACCEPT or TEMPFAIL)
 * @param threads one virtual thread (default) or one platform thread per connection
 * @param unixSocketPermissions permissions of a unix socket file (Postfix must be able to connect)
 * @param maxHeaderBytes headers beyond this many bytes per message are not kept for the decision
 * @param negotiateMacros send our macro lists in the negotiation reply (Postfix then sends only
 *     those). Off only for MTAs that cannot parse them (jmilter 0.6.1's client); Postfix's default
 *     {@code milter_*_macros} lists contain everything themisd uses anyway
 */
public record ServerSettings(
        int maxFrame,
        Duration idleTimeout,
        Duration packetTimeout,
        Verdict onFailure,
        Threads threads,
        Set<PosixFilePermission> unixSocketPermissions,
        int maxHeaderBytes,
        boolean negotiateMacros) {

    /** Threading model per connection (measured in docs/adr/0005-concurrency.md). */
    public enum Threads {
        VIRTUAL,
        PLATFORM
    }

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_PACKET_TIMEOUT = Duration.ofSeconds(30);

    public ServerSettings {
        if (maxFrame < 1024) {
            throw new IllegalArgumentException("maxFrame must be at least 1024");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(packetTimeout, "packetTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || packetTimeout.isNegative() || packetTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (onFailure != Verdict.ACCEPT && onFailure != Verdict.TEMPFAIL) {
            throw new IllegalArgumentException("onFailure must be ACCEPT or TEMPFAIL");
        }
        Objects.requireNonNull(threads, "threads");
        unixSocketPermissions = Set.copyOf(unixSocketPermissions);
        if (maxHeaderBytes < 0) {
            throw new IllegalArgumentException("maxHeaderBytes must not be negative");
        }
    }

    /** The defaults themisd uses. */
    public static ServerSettings defaults() {
        return new ServerSettings(
                Protocol.DEFAULT_MAX_FRAME,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_PACKET_TIMEOUT,
                Verdict.ACCEPT,
                Threads.VIRTUAL,
                Set.of(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_READ,
                        PosixFilePermission.GROUP_WRITE),
                1024 * 1024,
                true);
    }

    public ServerSettings withTimeouts(Duration idle, Duration packet) {
        return new ServerSettings(
                maxFrame, idle, packet, onFailure, threads, unixSocketPermissions, maxHeaderBytes, negotiateMacros);
    }

    public ServerSettings withOnFailure(Verdict verdict) {
        return new ServerSettings(
                maxFrame,
                idleTimeout,
                packetTimeout,
                verdict,
                threads,
                unixSocketPermissions,
                maxHeaderBytes,
                negotiateMacros);
    }

    public ServerSettings withThreads(Threads t) {
        return new ServerSettings(
                maxFrame,
                idleTimeout,
                packetTimeout,
                onFailure,
                t,
                unixSocketPermissions,
                maxHeaderBytes,
                negotiateMacros);
    }

    public ServerSettings withNegotiateMacros(boolean negotiate) {
        return new ServerSettings(
                maxFrame,
                idleTimeout,
                packetTimeout,
                onFailure,
                threads,
                unixSocketPermissions,
                maxHeaderBytes,
                negotiate);
    }

    public ServerSettings withMaxFrame(int max) {
        return new ServerSettings(
                max,
                idleTimeout,
                packetTimeout,
                onFailure,
                threads,
                unixSocketPermissions,
                maxHeaderBytes,
                negotiateMacros);
    }
}
