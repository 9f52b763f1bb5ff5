package dev.themis.runtime.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Group commit for store calls: callers hand in one item each and wait; a few sender threads take
 * whatever has queued up (at most {@code maxBatch} items) and answer all of them with one call. No
 * timer holds an item back: a lone item goes out at once, and items that arrive while every sender
 * is busy travel together in the next call. This turns N round trips, N script invocations and N
 * sets of system calls into one under load, without adding latency when the load is light (ADR
 * 0006).
 *
 * <p>Every caller waits at most about {@code deadline} plus one call's own deadline (the store
 * client's timeout): a sender fails, without sending them, items that waited in the queue longer
 * than {@code deadline}, so a message the caller answers by the failure rule is never counted later.
 * Callers wait without a timer of their own (a timed park of a virtual thread costs a timer task per
 * message). The call function must return one result per item, in order; when it throws, every item
 * of that call gets the exception.
 */
final class CallBatcher<T, R> implements AutoCloseable {
    private record Entry<T, R>(T item, CompletableFuture<R> done, long queuedAtNanos) {}

    private final LinkedBlockingQueue<Entry<T, R>> queue = new LinkedBlockingQueue<>();
    private final Function<List<T>, List<R>> call;
    private final int maxBatch;
    private final Duration deadline;
    private final long deadlineNanos;
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param name thread name prefix
     * @param senders calls that may be out at the same time (each takes its own connection)
     * @param maxBatch most items in one call
     * @param deadline how long an item may wait in the queue; older items fail unsent
     * @param call answers a batch, one result per item in order
     */
    CallBatcher(String name, int senders, int maxBatch, Duration deadline, Function<List<T>, List<R>> call) {
        if (senders < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("senders and maxBatch must be at least 1");
        }
        this.call = Objects.requireNonNull(call, "call");
        this.maxBatch = maxBatch;
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.deadlineNanos = deadline.toNanos();
        for (int i = 0; i < senders; i++) {
            Thread t = Thread.ofPlatform().name(name + "-" + i).daemon(true).unstarted(this::run);
            this.senders.add(t);
            t.start();
        }
    }

    /**
     * Hands in one item and waits for its answer.
     *
     * @throws StoreUnavailableException when the item waited in the queue past the deadline, the
     *     call failed or the batcher is closed
     */
    R submit(T item) {
        if (closed) {
            throw new StoreUnavailableException("store client closed", null);
        }
        Entry<T, R> entry = new Entry<>(item, new CompletableFuture<>(), System.nanoTime());
        queue.add(entry);
        try {
            return entry.done().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreUnavailableException(String.valueOf(cause), cause);
        } catch (CancellationException e) {
            throw new StoreUnavailableException("store client closed", e);
        }
    }

    /** Items waiting for a sender (for tests and metrics). */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Entry<T, R>> batch = new ArrayList<>(maxBatch);
        List<T> items = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            long now = System.nanoTime();
            batch.removeIf(e -> {
                if (now - e.queuedAtNanos() <= deadlineNanos) {
                    return false;
                }
                // waited too long behind slow calls: answered by the failure rule, never sent
                e.done()
                        .completeExceptionally(
                                new StoreUnavailableException("no answer within " + deadline.toMillis() + " ms", null));
                return true;
            });
            for (Entry<T, R> e : batch) {
                items.add(e.item());
            }
            try {
                if (!items.isEmpty()) {
                    List<R> results = call.apply(items);
                    if (results.size() != items.size()) {
                        throw new IllegalStateException(
                                "batch call answered " + results.size() + " of " + items.size() + " items");
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).done().complete(results.get(i));
                    }
                }
            } catch (RuntimeException | Error e) {
                for (Entry<T, R> entry : batch) {
                    entry.done().completeExceptionally(e);
                }
            }
            batch.clear();
            items.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : senders) {
            t.interrupt();
        }
        for (Thread t : senders) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Entry<T, R> e;
        while ((e = queue.poll()) != null) {
            e.done().cancel(false);
        }
    }
}
