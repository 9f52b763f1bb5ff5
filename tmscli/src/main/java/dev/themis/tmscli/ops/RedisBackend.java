package dev.themis.tmscli.ops;

import dev.themis.runtime.config.ConfigChange;
import dev.themis.runtime.config.ConfigConflictException;
import dev.themis.runtime.config.ConfigSnapshot;
import dev.themis.runtime.config.ConfigStore;
import dev.themis.runtime.redis.RedisConnection;
import dev.themis.runtime.redis.RedisSettings;
import dev.themis.tmscli.cli.UsageException;
import dev.themis.tmscli.settings.ConnectionSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisException;

/** The backend over the runtime's Redis stores (configuration: {@link ConfigStore}). */
public final class RedisBackend implements Backend {
    /** A command-line tool may wait longer than a milter for one answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RedisConnection connection;
    private final ConfigPort config;
    private final StatePort state;
    private final String described;

    private RedisBackend(RedisConnection connection, Clock clock) {
        this.connection = connection;
        this.described = connection.settings().redactedUrl();
        ConfigStore store = new ConfigStore(connection);
        this.config = guarded(new ConfigPort() {
            @Override
            public Snapshot read() {
                ConfigSnapshot s = store.read();
                return new Snapshot(s.version(), s.statements());
            }

            @Override
            public long apply(long expectedVersion, List<Change> changes) {
                List<ConfigChange> out = new ArrayList<>();
                for (Change c : changes) {
                    out.add(
                            switch (c) {
                                case Change.Put p -> new ConfigChange.Put(p.key(), p.text());
                                case Change.Delete d -> new ConfigChange.Delete(d.key());
                            });
                }
                try {
                    return store.apply(expectedVersion, out);
                } catch (ConfigConflictException e) {
                    throw new ConflictException(e.getMessage() == null ? "conflict" : e.getMessage());
                }
            }
        });
        this.state = new RedisState(
                connection,
                clock,
                () -> Lang.compile(config.read().statements())
                        .policySet()
                        .map(ps -> ps.globalFeatures().globalTtl())
                        .orElse(86_400L));
    }

    public static Backend open(ConnectionSettings settings) {
        return open(settings, Clock.systemUTC());
    }

    public static Backend open(ConnectionSettings settings, Clock clock) {
        RedisSettings rs;
        try {
            rs = RedisSettings.parse(settings.url());
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad Redis URL `" + settings.redactedUrl() + "`: " + e.getMessage(), "connection");
        }
        if (settings.user() != null || settings.password() != null) {
            rs = rs.withCredentials(
                    settings.user() != null ? settings.user() : rs.user(),
                    settings.password() != null ? settings.password() : rs.password());
        }
        if (settings.tls() || settings.trustStore() != null) {
            rs = rs.withTls(
                    settings.trustStore() == null ? null : Path.of(settings.trustStore()),
                    settings.trustStorePassword());
        }
        if (settings.prefix() != null) {
            rs = rs.withKeyPrefix(settings.prefix());
        }
        rs = rs.withTimeout(TIMEOUT);
        try {
            RedisConnection connection = RedisConnection.open(rs);
            return new RedisBackend(connection, clock);
        } catch (JedisException | IllegalStateException e) {
            throw new StoreException("cannot reach Redis at " + rs.redactedUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ConfigPort config() {
        return config;
    }

    @Override
    public StatePort state() {
        return state;
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public void close() {
        connection.close();
    }

    /** Turns Redis failures into one message naming the server. */
    private ConfigPort guarded(ConfigPort inner) {
        return new ConfigPort() {
            @Override
            public Snapshot read() {
                return call(inner::read);
            }

            @Override
            public long apply(long expectedVersion, List<Change> changes) {
                return call(() -> inner.apply(expectedVersion, changes));
            }
        };
    }

    private <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (JedisException e) {
            throw new StoreException("Redis at " + described + ": " + e.getMessage(), e);
        }
    }
}
