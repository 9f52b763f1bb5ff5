package dev.themis.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallBatcherTest {
    /** Records every call's items; the first call waits for {@code release}. */
    private static final class Recorder {
        final List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        List<String> call(List<Integer> items) {
            calls.add(List.copyOf(items));
            firstCallStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return items.stream().map(i -> "answer " + i).toList();
        }
    }

    /**
     * Submits item 0, waits until the sender is inside its call, queues items 1..n behind it, then
     * lets the call finish. Returns the answers of items 0..n.
     */
    private static List<String> submitWhileBusy(Recorder r, CallBatcher<Integer, String> b, int n) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            answers.add(threads.submit(() -> b.submit(0)));
            assertThat(r.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= n; i++) {
                int item = i;
                answers.add(threads.submit(() -> b.submit(item)));
            }
            while (queued(b) < n) {
                Thread.sleep(5);
            }
            r.release.countDown();
            List<String> out = new ArrayList<>();
            for (Future<String> f : answers) {
                out.add(f.get());
            }
            return out;
        }
    }

    @Test
    void itemsThatQueueWhileTheSenderIsBusyTravelTogetherAndEachGetsItsOwnAnswer() throws Exception {
        Recorder r = new Recorder();
        try (CallBatcher<Integer, String> b = new CallBatcher<>("t", 1, 32, Duration.ofSeconds(10), r::call)) {
            List<String> answers = submitWhileBusy(r, b, 10);
            for (int i = 0; i <= 10; i++) {
                assertThat(answers.get(i)).isEqualTo("answer " + i);
            }
        }
        assertThat(r.calls).hasSize(2);
        assertThat(r.calls.get(0)).containsExactly(0);
        assertThat(r.calls.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void aBatchIsCappedAtMaxBatch() throws Exception {
        Recorder r = new Recorder();
        try (CallBatcher<Integer, String> b = new CallBatcher<>("t", 1, 4, Duration.ofSeconds(10), r::call)) {
            submitWhileBusy(r, b, 10);
        }
        assertThat(r.calls).hasSize(4); // 1, then 4 + 4 + 2
        assertThat(r.calls.subList(1, 4)).extracting(List::size).containsExactly(4, 4, 2);
    }

    @Test
    void aFailedCallFailsEveryItemOfIt() {
        try (CallBatcher<Integer, String> b = new CallBatcher<>("t", 1, 32, Duration.ofSeconds(10), items -> {
            throw new StoreUnavailableException("redis: connection reset", null);
        })) {
            assertThatThrownBy(() -> b.submit(1))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("connection reset");
        }
    }

    @Test
    void anItemThatWaitedPastTheDeadlineFailsUnsent() throws Exception {
        Recorder r = new Recorder();
        try (CallBatcher<Integer, String> b = new CallBatcher<>("t", 1, 32, Duration.ofMillis(300), r::call);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = threads.submit(() -> b.submit(0));
            assertThat(r.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
            // the sender is stuck in a slow call while this item waits in the queue
            Future<String> late = threads.submit(() -> b.submit(1));
            while (queued(b) < 1) {
                Thread.sleep(5);
            }
            Thread.sleep(400);
            r.release.countDown();
            assertThat(first.get()).isEqualTo("answer 0");
            assertThatThrownBy(late::get)
                    .hasCauseInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("no answer within 300 ms");
            // the abandoned item was never sent, so never counted; the next one goes out alone
            assertThat(b.submit(2)).isEqualTo("answer 2");
        }
        assertThat(r.calls).containsExactly(List.of(0), List.of(2));
    }

    private static int queued(CallBatcher<?, ?> b) {
        return b.queued();
    }
}
