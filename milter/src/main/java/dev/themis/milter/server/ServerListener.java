package dev.themis.milter.server;

/** Observes the milter server for metrics. Must not block. */
public interface ServerListener {
    ServerListener NONE = new ServerListener() {};

    /** A connection was accepted. */
    default void connectionOpened() {}

    /** A connection ended, for any reason. */
    default void connectionClosed() {}

    /**
     * A connection was closed because the peer broke the protocol or went silent.
     *
     * @param kind a short stable label: {@code protocol}, {@code timeout}, {@code io}
     */
    default void connectionFailed(String kind) {}

    /** A message got its final answer at {@code stage} ({@code data} or {@code eom}). */
    default void messageAnswered(String stage) {}
}
