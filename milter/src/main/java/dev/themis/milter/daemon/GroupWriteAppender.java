package dev.themis.milter.daemon;

import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * themisd's log appender: the thread that logs encodes its line and appends the bytes to a buffer;
 * one writer thread writes whatever has gathered, in one write, at most {@code flushMillis} after the
 * first line of the group (sooner when {@code flushBytes} have gathered).
 *
 * <p>Why not logback's {@code AsyncAppender} in front of a {@code ConsoleAppender}: that hands every
 * line to its worker through a blocking queue and writes and flushes every line on its own. With one
 * decision line per message, a quiet worker is woken (a futex call and two context switches) and
 * makes one {@code write} per message: about 15 % of themisd's CPU time at a Postfix-like rate of 500
 * messages per second, one message per SMTP session (docs/benchmarks/milter.md, ADR 0007). Here a line costs
 * its encoding and a buffer append under a lock; the writer wakes once per group.
 *
 * <p>Nothing is dropped: when {@code maxBytes} are waiting (the output is slower than the logging),
 * logging threads wait for the writer. Lines of one thread keep their order; a line is never split.
 * {@link #stop()} (logback's context stop, which themisd runs when it exits) writes what is left.
 */
public final class GroupWriteAppender<E> extends UnsynchronizedAppenderBase<E> {
    private @Nullable Encoder<E> encoder;
    private long flushMillis = 50;
    private int flushBytes = 64 * 1024;
    private int maxBytes = 4 * 1024 * 1024;
    private OutputStream out = System.out;

    private final ReentrantLock lock = new ReentrantLock();
    /** The writer waits on it; signalled when the first line of a group arrives or flushBytes gathered. */
    private final Condition work = lock.newCondition();
    /** Logging threads wait on it while maxBytes are pending. */
    private final Condition room = lock.newCondition();

    private ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    private ByteArrayOutputStream writing = new ByteArrayOutputStream(8192);
    private boolean writerIdle;
    private boolean stopping;
    /** The writer has finished: lines are written by the thread that logs them. */
    private boolean closed;

    private @Nullable Thread writer;

    public void setEncoder(Encoder<E> encoder) {
        this.encoder = encoder;
    }

    /** How long the first line of a group may wait for others (default 50 ms). */
    public void setFlushMillis(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    /** A group this large is written without waiting for flushMillis (default 64 KiB). */
    public void setFlushBytes(int flushBytes) {
        this.flushBytes = flushBytes;
    }

    /** Logging threads wait while this much is pending (default 4 MiB). */
    public void setMaxBytes(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Where the lines go (default standard output); for tests. */
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        if (flushMillis < 1 || flushBytes < 1 || maxBytes < flushBytes) {
            addError("appender " + name + ": need flushMillis >= 1 and maxBytes >= flushBytes >= 1");
            return;
        }
        stopping = false;
        closed = false;
        Thread t = new Thread(this::writeLoop, "themisd-log");
        t.setDaemon(true);
        writer = t;
        super.start();
        t.start();
    }

    @Override
    protected void append(E event) {
        Encoder<E> e = encoder;
        if (e == null) {
            return;
        }
        byte[] line = e.encode(event);
        lock.lock();
        try {
            if (closed) {
                writeNow(line);
                return;
            }
            while (pending.size() > 0 && pending.size() + line.length > maxBytes && !stopping) {
                room.awaitUninterruptibly();
            }
            boolean first = pending.size() == 0;
            pending.write(line, 0, line.length);
            if ((first && writerIdle) || pending.size() >= flushBytes) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        while (true) {
            ByteArrayOutputStream group;
            lock.lock();
            try {
                // wait for a first line, then give the group flushMillis to gather
                while (pending.size() == 0 && !stopping) {
                    writerIdle = true;
                    work.awaitUninterruptibly();
                    writerIdle = false;
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(flushMillis);
                long left;
                while (!stopping && pending.size() < flushBytes && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        work.awaitNanos(left);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (stopping && pending.size() == 0) {
                    return;
                }
                group = pending;
                pending = writing;
                writing = group;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                group.writeTo(out);
                out.flush();
            } catch (IOException ex) {
                addError("cannot write the log", ex);
            }
            group.reset();
        }
    }

    private void writeNow(byte[] line) {
        try {
            out.write(line);
            out.flush();
        } catch (IOException ex) {
            addError("cannot write the log", ex);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        Thread t = writer;
        lock.lock();
        try {
            stopping = true;
            work.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            closed = true;
            if (pending.size() > 0) { // what the writer left (it had not finished within 5 s)
                writeNow(pending.toByteArray());
                pending.reset();
            }
        } finally {
            lock.unlock();
        }
        super.stop();
    }
}
