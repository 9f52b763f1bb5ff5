package dev.themis.runtime;

/**
 * The configuration cannot be used at start: policy files that do not compile or cannot be read.
 * The message holds the rendered diagnostics ({@code file:line:col: CODE: message}, source line,
 * caret), ready to print.
 */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
