package dev.themis.milter.server;

import dev.themis.runtime.Decider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts milter connections and runs each on its own thread (virtual by default). A bad peer only
 * ever closes its own connection. {@link #stop(Duration)} stops accepting, lets messages in flight
 * get their answer, and closes what is left after the grace period.
 */
public final class MilterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MilterServer.class);

    private final ServerSocketChannel server;
    private final ListenAddress address;
    private final Decider decider;
    private final ServerSettings settings;
    private final ServerListener listener;
    private final LongSupplier ticker;
    private final Set<MilterSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final Thread acceptor;
    private final Thread watchdog;
    private final Object idle = new Object();
    private volatile boolean stopping;
    private volatile boolean closed;

    private MilterServer(
            ServerSocketChannel server,
            ListenAddress address,
            Decider decider,
            ServerSettings settings,
            ServerListener listener,
            LongSupplier ticker) {
        this.server = server;
        this.address = address;
        this.decider = decider;
        this.settings = settings;
        this.listener = listener;
        this.ticker = ticker;
        this.acceptor = Thread.ofPlatform().name("milter-accept").daemon(true).unstarted(this::acceptLoop);
        this.watchdog = Thread.ofPlatform().name("milter-watchdog").daemon(true).unstarted(this::watchLoop);
    }

    /**
     * Binds the address and starts accepting.
     *
     * @throws IOException when the address cannot be bound (in use, no permission, bad path)
     */
    public static MilterServer start(
            ListenAddress address, Decider decider, ServerSettings settings, ServerListener listener)
            throws IOException {
        return start(address, decider, settings, listener, System::nanoTime);
    }

    static MilterServer start(
            ListenAddress address,
            Decider decider,
            ServerSettings settings,
            ServerListener listener,
            LongSupplier ticker)
            throws IOException {
        ServerSocketChannel ch;
        ListenAddress bound;
        switch (address) {
            case ListenAddress.Unix u -> {
                prepareSocketPath(u.path());
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.bind(u.socketAddress(), 256);
                    Files.setPosixFilePermissions(u.path(), settings.unixSocketPermissions());
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                bound = u;
            }
            case ListenAddress.Inet i -> {
                ch = openInet(address);
                bound = new ListenAddress.Inet(i.host(), ((InetSocketAddress) ch.getLocalAddress()).getPort());
            }
            case ListenAddress.Inet6 i -> {
                ch = openInet(address);
                bound = new ListenAddress.Inet6(i.address(), ((InetSocketAddress) ch.getLocalAddress()).getPort());
            }
        }
        MilterServer s = new MilterServer(ch, bound, decider, settings, listener, ticker);
        s.acceptor.start();
        s.watchdog.start();
        LOG.info(
                "listening on {} ({} threads per connection)",
                bound,
                settings.threads().name().toLowerCase(java.util.Locale.ROOT));
        return s;
    }

    private static ServerSocketChannel openInet(ListenAddress address) throws IOException {
        SocketAddress sa = address.socketAddress();
        if (sa instanceof InetSocketAddress isa && isa.isUnresolved()) {
            throw new IOException("cannot resolve listen host `" + isa.getHostString() + "`");
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(sa, 256);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        return ch;
    }

    /** Removes a stale socket file left by a crash; refuses to touch anything else or a live socket. */
    private static void prepareSocketPath(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IOException("cannot listen on unix:" + path + ": directory " + parent + " does not exist");
            }
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0140000) {
            throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a socket; not removing it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(java.net.UnixDomainSocketAddress.of(path));
            throw new IOException("cannot listen on unix:" + path + ": another process is listening there");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("another process")) {
                throw e;
            }
            Files.delete(path); // nobody answers: stale
        }
    }

    /** The address actually bound (with the real port when 0 was asked for). */
    public ListenAddress address() {
        return address;
    }

    /** Connections currently open. */
    public int connections() {
        return sessions.size();
    }

    boolean isStopping() {
        return stopping;
    }

    void sessionEnded(MilterSession s) {
        sessions.remove(s);
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!stopping) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                LOG.warn("accepting a connection failed: {}", MilterSession.describe(e));
                sleepQuietly(Duration.ofMillis(50)); // e.g. out of file descriptors: do not spin
                continue;
            }
            String peer = "unknown";
            try {
                if (!(address instanceof ListenAddress.Unix)) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    peer = String.valueOf(ch.getRemoteAddress()).replaceFirst("^/", "");
                } else {
                    peer = "unix:" + ((ListenAddress.Unix) address).path();
                }
            } catch (IOException e) {
                LOG.debug("connection setup: {}", e.toString());
            }
            if (stopping) {
                closeQuietly(ch);
                return;
            }
            MilterSession s =
                    new MilterSession(ids.incrementAndGet(), ch, peer, decider, settings, listener, this, ticker);
            sessions.add(s);
            Thread.Builder builder = settings.threads() == ServerSettings.Threads.VIRTUAL
                    ? Thread.ofVirtual()
                    : Thread.ofPlatform().daemon(true);
            builder.name("milter-" + s.id()).start(s);
        }
    }

    private void watchLoop() {
        long idleNanos = settings.idleTimeout().toNanos();
        long packetNanos = settings.packetTimeout().toNanos();
        long tick = Math.clamp(Math.min(idleNanos, packetNanos) / 4, 5_000_000L, 1_000_000_000L);
        while (!closed) {
            long now = ticker.getAsLong();
            for (MilterSession s : sessions) {
                long silent = now - s.reader().lastReadNanos();
                if (s.reader().isPartial() && silent > packetNanos) {
                    s.close("timeout: a packet stayed incomplete for " + settings.packetTimeout());
                } else if (silent > idleNanos) {
                    s.close("timeout: the MTA sent nothing for " + settings.idleTimeout());
                }
            }
            sleepQuietly(Duration.ofNanos(tick));
        }
    }

    /**
     * Stops accepting, closes idle connections, waits up to {@code grace} for messages in flight to
     * get their answer, then closes the rest.
     *
     * @return true when every message in flight finished within the grace period
     */
    public boolean stop(Duration grace) {
        if (closed) {
            return true;
        }
        stopping = true;
        closeQuietly(server);
        for (MilterSession s : List.copyOf(sessions)) {
            if (!s.inMessage()) {
                s.close("themisd is stopping");
            }
        }
        // Idle connections were just closed; give their threads a moment to finish even with no grace.
        long deadline = ticker.getAsLong() + Math.max(grace.toNanos(), 200_000_000L);
        synchronized (idle) {
            while (!sessions.isEmpty()) {
                long left = deadline - ticker.getAsLong();
                if (left <= 0) {
                    break;
                }
                try {
                    idle.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<MilterSession> left = List.copyOf(sessions);
        long busy = left.stream().filter(MilterSession::inMessage).count();
        boolean clean = busy == 0;
        if (!clean) {
            LOG.warn(
                    "stop: {} message(s) still in flight after {}; closing their connections (Postfix applies"
                            + " milter_default_action)",
                    busy,
                    grace);
        }
        for (MilterSession s : left) {
            s.close("themisd stopped");
        }
        closed = true;
        watchdog.interrupt();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (address instanceof ListenAddress.Unix u) {
            try {
                Files.deleteIfExists(u.path());
            } catch (IOException e) {
                LOG.warn("could not remove socket {}: {}", u.path(), e.getMessage());
            }
        }
        return clean;
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("close: {}", e.toString());
        }
    }
}
