package dev.themis.tmscli.settings;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where tmscli finds Redis, after configuration discovery, environment and flags were merged.
 *
 * @param url the Redis URL
 * @param user ACL user or null
 * @param password password or null
 * @param tls TLS even when the URL says {@code redis://}
 * @param trustStore PKCS12 trust store path or null
 * @param trustStorePassword its password or null
 * @param prefix key prefix or null for the default
 * @param sources what was read, in order, for {@code --debug}
 */
public record ConnectionSettings(
        String url,
        @Nullable String user,
        @Nullable String password,
        boolean tls,
        @Nullable String trustStore,
        @Nullable String trustStorePassword,
        @Nullable String prefix,
        List<String> sources) {

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    public ConnectionSettings {
        sources = List.copyOf(sources);
    }

    /** The URL with any password replaced by {@code ***}, for messages. */
    public String redactedUrl() {
        return url.replaceFirst("(://[^/@]*:)[^@/]*@", "$1***@");
    }
}
