package dev.themis.runtime.spf;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Bounds the DNS work of one SPF check: once the check's deadline has passed, every further lookup
 * fails as a timeout (so the result is {@code temperror}), and counts the lookups for the log. jSPF's
 * synchronous executor runs all lookups of a check on the calling thread, so the per-check state
 * lives in a thread-local.
 */
final class DeadlineDnsService implements DNSService {

    /** Per-check state; one per thread while a check runs. */
    static final class CheckState {
        final long deadlineNanos;
        int lookups;
        boolean expired;

        @Nullable
        String lastError;

        CheckState(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final DNSService delegate;
    private final LongSupplier nanoTime;
    private final ThreadLocal<@Nullable CheckState> current = new ThreadLocal<>();

    DeadlineDnsService(DNSService delegate, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.nanoTime = nanoTime;
    }

    CheckState begin(long budgetNanos) {
        CheckState state = new CheckState(nanoTime.getAsLong() + budgetNanos);
        current.set(state);
        return state;
    }

    void end() {
        current.remove();
    }

    @Override
    @SuppressWarnings("NullAway") // jSPF's contract: null means "no such records"
    public @Nullable List<String> getRecords(DNSRequest request) throws TimeoutException {
        CheckState state = current.get();
        if (state != null) {
            if (nanoTime.getAsLong() - state.deadlineNanos >= 0) {
                state.expired = true;
                state.lastError = "check deadline passed before looking up " + request.getHostname();
                throw new TimeoutException(state.lastError);
            }
            state.lookups++;
        }
        try {
            return delegate.getRecords(request);
        } catch (TimeoutException e) {
            if (state != null) {
                state.lastError = e.getMessage();
            }
            throw e;
        } catch (RuntimeException e) {
            // A resolver bug must not turn into jSPF's "neutral": report it as a DNS error.
            String message = "DNS lookup of " + request.getHostname() + " failed: " + e;
            if (state != null) {
                state.lastError = message;
            }
            throw new TimeoutException(message);
        }
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        try {
            return CompletableFuture.completedFuture(getRecords(request));
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<String> getLocalDomainNames() {
        return delegate.getLocalDomainNames();
    }

    @Override
    public void setTimeOut(int seconds) {
        delegate.setTimeOut(seconds);
    }

    @Override
    public int getRecordLimit() {
        return delegate.getRecordLimit();
    }

    @Override
    public void setRecordLimit(int limit) {
        delegate.setRecordLimit(limit);
    }
}
