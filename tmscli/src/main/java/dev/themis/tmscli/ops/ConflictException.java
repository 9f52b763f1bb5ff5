package dev.themis.tmscli.ops;

/** The configuration changed between our read and our write. */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
