package dev.themis.runtime;

/**
 * An SMTP reply chosen by a policy, e.g. {@code 550 5.7.1 Limit reached}. The milter is responsible
 * for rendering it safely on the wire (one line, {@code %} doubled, no CR/LF).
 */
public record SmtpReply(int code, String enhancedCode, String text) {
    public SmtpReply {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("reply code must be 4xx or 5xx: " + code);
        }
        if (enhancedCode.isEmpty() || enhancedCode.charAt(0) != Character.forDigit(code / 100, 10)) {
            throw new IllegalArgumentException(
                    "enhanced code class must match reply code: " + code + " " + enhancedCode);
        }
    }
}
