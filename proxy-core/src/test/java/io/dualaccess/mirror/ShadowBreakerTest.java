package io.dualaccess.mirror;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the breaker judges slow calls: while they run, not when they return. */
class ShadowBreakerTest {

    private static ShadowBreaker breaker(Duration slowCall) {
        return new ShadowBreaker("test", "B", 20, 50, Duration.ofSeconds(10), slowCall, Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    @Test
    void threeCallsStillRunningPastTheSlowCallThresholdOpenTheBreaker() {
        try (ShadowBreaker b = breaker(Duration.ofMillis(100))) {
            // A window full of fast calls: by the failure rate, three slow ones would not open it.
            for (int i = 0; i < 20; i++) {
                assertThat(b.permit()).isTrue();
                b.succeeded(TimeUnit.MILLISECONDS.toNanos(1));
            }
            List<CircuitBreaker.StateTransition> seen = new ArrayList<>();
            b.onTransition(t -> {
                synchronized (seen) {
                    seen.add(t);
                }
            });
            ShadowBreaker.Call[] calls = new ShadowBreaker.Call[3];
            for (int i = 0; i < calls.length; i++) {
                assertThat(b.permit()).isTrue();
                calls[i] = new ShadowBreaker.Call();
                b.begin(calls[i]);
            }
            // None has returned: the watchdog judges them slow as they pass the threshold.
            await().atMost(Duration.ofSeconds(30)).until(b::isOpen);
            assertThat(b.permit()).as("writes are skipped while the first slow calls still run").isFalse();
            assertThat(b.cause()).contains("3 calls on B in a row").contains("still running").contains("dualaccess.breaker.slow-call");
            synchronized (seen) {
                assertThat(seen).containsExactly(CircuitBreaker.StateTransition.CLOSED_TO_OPEN);
            }
            // When they return, they are not counted a second time.
            for (ShadowBreaker.Call c : calls) {
                b.succeeded(c, TimeUnit.SECONDS.toNanos(1));
            }
            assertThat(b.isOpen()).isTrue();
        }
    }

    @Test
    void aFastCallBetweenSlowOnesKeepsItClosed() {
        try (ShadowBreaker b = breaker(Duration.ofMillis(100))) {
            for (int i = 0; i < 20; i++) {
                b.permit();
                b.succeeded(TimeUnit.MILLISECONDS.toNanos(1));
            }
            long slow = TimeUnit.MILLISECONDS.toNanos(150);
            for (int round = 0; round < 3; round++) {
                b.permit();
                b.succeeded(slow);
                b.permit();
                b.succeeded(slow);
                b.permit();
                b.succeeded(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertThat(b.state().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            b.permit();
            b.succeeded(slow);
            b.permit();
            b.succeeded(slow);
            b.permit();
            b.succeeded(slow);
            assertThat(b.isOpen()).as("three slow calls in a row").isTrue();
            assertThat(b.cause()).contains("returning after 150 ms");
        }
    }
}
