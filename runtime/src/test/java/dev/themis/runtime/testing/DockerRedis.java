package dev.themis.runtime.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The fallback when no {@code redis-server} binary exists but a Docker engine does: one standalone
 * Redis in a container. Only {@link RedisServer} plain servers use it; clusters, Sentinel and
 * restarts on the same port need the binary. Loaded only when needed, so modules without
 * Testcontainers on their test class path never touch it.
 */
final class DockerRedis {

    private final GenericContainer<?> container;

    private DockerRedis(GenericContainer<?> container) {
        this.container = container;
    }

    static boolean available() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed by stop()
    static DockerRedis start() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7.0"))
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .withExposedPorts(6379);
        container.start();
        return new DockerRedis(container);
    }

    String host() {
        return container.getHost();
    }

    int port() {
        return container.getMappedPort(6379);
    }

    void stop() {
        container.stop();
    }
}
