package io.dualaccess.shadow;

import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shadow workers' queue: an idle worker stops lingering and sleeps until a hand-off wakes it. */
class LingeringQueueTest {

    @Test
    void anIdleWorkerSleepsUntilAHandOffWakesIt() throws Exception {
        LingeringQueue q = new LingeringQueue(16, 8, Duration.ofMillis(50));
        Runnable read = () -> { };
        CompletableFuture<Runnable> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Past its lingering the worker sleeps without a deadline: only the offer below can end take().
        Waits.until("the idle worker asleep", () -> q.sleepers() == 1);
        assertThat(taken).isNotDone();
        assertThat(q.offer(read)).isTrue();
        assertThat(taken.get(Waits.LONGEST.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(read);
        assertThat(q.sleepers()).isZero();
    }

    @Test
    void aSleepingWorkerStillEndsAtItsKeepAlive() throws Exception {
        LingeringQueue q = new LingeringQueue(16, 8, Duration.ofMillis(10));
        CompletableFuture<Runnable> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return q.poll(300, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(polled.get(Waits.LONGEST.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        assertThat(q.sleepers()).isZero();
    }

    @Test
    void anInterruptedSleeperLeaves() throws Exception {
        LingeringQueue q = new LingeringQueue(16, 8, Duration.ofMillis(10));
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                q.take();
                ended.complete(null);
            } catch (InterruptedException e) {
                ended.complete(e);
            }
        });
        worker.start();
        Waits.until("the idle worker asleep", () -> q.sleepers() == 1);
        worker.interrupt();
        assertThat(ended.get(Waits.LONGEST.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(q.sleepers()).isZero();
    }
}
