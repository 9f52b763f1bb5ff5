package dev.themis.tmscli.ops;

/** The Redis side of tmscli: configuration plus runtime state, opened once per run. */
public interface Backend extends AutoCloseable {
    ConfigPort config();

    StatePort state();

    /** Where it is connected, for messages (password redacted). */
    String describe();

    @Override
    void close();
}
