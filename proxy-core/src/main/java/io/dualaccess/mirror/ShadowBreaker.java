package io.dualaccess.mirror;

import io.dualaccess.source.ConnectionSource;
import io.dualaccess.threads.DaemonThreads;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The circuit breaker in front of the shadow side, and how it is judged.
 *
 * <ul>
 *   <li>A connection-level failure (refused, reset, SQLState class {@code 08}, no connection from
 *       the pool in time) opens it at once: waiting for a failure rate would make the next calls pay
 *       the timeout too.</li>
 *   <li>Other failures, timeouts and slow calls (at least {@code dualaccess.breaker.slow-call}) count
 *       in the window of recent calls; a failure rate at or over the threshold opens it.</li>
 *   <li>Errors about the statement itself (SQLState classes {@code 42}, {@code 0A}, {@code 22},
 *       {@code 23}) say nothing about B's health and are not counted.</li>
 *   <li>While open, a daemon thread probes the shadow side every {@code dualaccess.breaker.probe-interval}
 *       (a connection and a validity check, bounded by the statement timeout): the application's
 *       threads never pay for finding out whether B is back. A fast answer closes the breaker; if it
 *       then opens again soon by the failure rate (B answers probes but not writes), the probe
 *       interval doubles, up to {@code dualaccess.breaker.open-duration}.</li>
 * </ul>
 * The cause of the last opening (the real connect error, not the pool's "Connection is not
 * available") is kept for the events and journal entries of skipped writes.
 */
public final class ShadowBreaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowBreaker.class);
    private static final Executor DIRECT = Runnable::run;
    /** A breaker that opens again this soon after a probe closed it had a probe that lied: back off. */
    private static final long FLAP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final CircuitBreaker breaker;
    private final long slowNanos;
    private final long timeoutMillis;
    private final long probeBaseNanos;
    private final long probeMaxNanos;
    private final String sideName;
    private volatile ConnectionSource probeSource;
    private volatile String cause;
    private volatile String causeShown;
    private volatile long probeNanos;
    private volatile long closedByProbeAt = Long.MIN_VALUE;
    private final AtomicBoolean probing = new AtomicBoolean();
    private ScheduledExecutorService prober;

    /**
     * @param name the breaker's name (metrics, logs)
     * @param sideName "B" or "A": the shadow side, for messages
     * @param window calls judged
     * @param failureRate percentage of failed or slow calls that opens it
     * @param timeout the statement timeout (bounds each probe)
     * @param slowCall a call at least this long counts as slow
     * @param openDuration longest wait before the application's calls may try the shadow side again
     * @param probeInterval how often the open breaker probes the shadow side
     */
    public ShadowBreaker(String name, String sideName, int window, float failureRate, Duration timeout, Duration slowCall,
                         Duration openDuration, Duration probeInterval) {
        this.sideName = sideName;
        this.slowNanos = slowCall.toNanos();
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.probeBaseNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(50), probeInterval.toNanos());
        this.probeMaxNanos = Math.max(probeBaseNanos, openDuration.toNanos());
        this.probeNanos = probeBaseNanos;
        CircuitBreakerConfig bc = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(window)
            // Judged from three calls: with a handful of application threads, waiting for five slow
            // calls would hold every thread in a second slow call before the breaker opened.
            .minimumNumberOfCalls(Math.min(window, 3))
            .failureRateThreshold(failureRate)
            .slowCallDurationThreshold(slowCall)
            .slowCallRateThreshold(failureRate)
            .waitDurationInOpenState(openDuration)
            .permittedNumberOfCallsInHalfOpenState(3)
            .recordException(e -> true)
            .build();
        this.breaker = CircuitBreaker.of(name, bc);
        this.breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.State to = e.getStateTransition().getToState();
            if (e.getStateTransition() == CircuitBreaker.StateTransition.OPEN_TO_OPEN) {
                return;
            }
            LOG.warn("dualaccess mirror circuit breaker: {} (writes to the shadow side are {} and journaled while open){}",
                e.getStateTransition(), to == CircuitBreaker.State.CLOSED ? "sent again" : "skipped",
                to == CircuitBreaker.State.OPEN && causeShown != null ? ": " + causeShown : "");
            if (to == CircuitBreaker.State.OPEN) {
                onOpened();
            }
        });
    }

    /** The underlying state machine (state for metrics and status). */
    public CircuitBreaker state() {
        return breaker;
    }

    /** Where the probe takes its connections (the shadow side's pool). Without one, the breaker half-opens after the open duration. */
    public void probeWith(ConnectionSource source) {
        this.probeSource = source;
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            onOpened();
        }
    }

    /** Whether a call may go to the shadow side now. */
    public boolean permit() {
        return breaker.tryAcquirePermission();
    }

    /** A call that went through, with its duration (a slow one counts against the shadow side). */
    public void succeeded(long nanos) {
        boolean wasOpen = breaker.getState() == CircuitBreaker.State.OPEN;
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        if (!wasOpen && breaker.getState() == CircuitBreaker.State.OPEN) {
            cause = "slow calls: " + sideName + " took " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms for a mirrored call (dualaccess.breaker.slow-call is "
                + TimeUnit.NANOSECONDS.toMillis(slowNanos) + " ms)";
            causeShown = cause;
        }
    }

    /**
     * A call that failed after {@code nanos}: judged by what failed.
     *
     * @param e the shadow side's exception (judged, and kept whole as the cause for the journal)
     * @param recorded what Resilience4j is given (it logs it): a copy with the message masked, same SQLState
     * @param shown the error as the application log may show it
     */
    public void failed(long nanos, Throwable e, Throwable recorded, String shown) {
        boolean wasOpen = breaker.getState() == CircuitBreaker.State.OPEN;
        if (aboutTheStatement(e)) {
            // Not the shadow side's health: the call leaves no mark in the window.
            breaker.releasePermission();
            return;
        }
        breaker.onError(nanos, TimeUnit.NANOSECONDS, recorded);
        if (connectionLevel(e) && !wasOpen) {
            open(Mirror.message(e), shown);
        } else if (!wasOpen && breaker.getState() == CircuitBreaker.State.OPEN) {
            cause = Mirror.message(e);
            causeShown = shown;
        }
    }

    /** A call that was cut short by the transaction's budget: counted as slow, never opens at once. */
    public void overBudget(long nanos) {
        breaker.onSuccess(Math.max(nanos, slowNanos), TimeUnit.NANOSECONDS);
    }

    /** Opens the breaker now, naming why (an unreachable shadow side at start, a refused connection). */
    public void open(String why) {
        open(why, why);
    }

    /** Opens the breaker now: {@code why} for the journal and events, {@code shown} for the application log. */
    public void open(String why, String shown) {
        cause = why;
        causeShown = shown;
        try {
            breaker.transitionToOpenState();
        } catch (RuntimeException raced) {
            // another thread changed the state in between; open it is, or will be judged again
        }
    }

    /** Why the breaker last opened, with the shadow side's own error where there was one; null when never. */
    public String cause() {
        return cause;
    }

    /** Whether this failure says the connection to the shadow side is gone or cannot be had. */
    public static boolean connectionLevel(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof ConnectException || t instanceof SocketException
                || t instanceof SocketTimeoutException || t instanceof EOFException
                || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** Whether this failure is about the statement (syntax, feature, data, constraint), not the shadow side's health. */
    public static boolean aboutTheStatement(Throwable e) {
        // One classification for the breaker and the quarantine: what the quarantine takes, the breaker leaves.
        return e instanceof SQLException && !connectionLevel(e) && Quarantine.aboutStatement(e);
    }

    private synchronized void onOpened() {
        if (probeSource == null) {
            return;
        }
        if (System.nanoTime() - closedByProbeAt < FLAP_NANOS) {
            probeNanos = Math.min(probeMaxNanos, probeNanos * 2);
        } else {
            probeNanos = probeBaseNanos;
        }
        if (prober == null) {
            prober = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("breaker-probe"));
        }
        if (probing.compareAndSet(false, true)) {
            prober.schedule(this::probe, probeNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One probe: a connection and a validity check; fast and valid closes the breaker, anything else keeps it open. */
    private void probe() {
        ScheduledExecutorService p;
        synchronized (this) {
            p = prober;
        }
        if (breaker.getState() == CircuitBreaker.State.CLOSED || p == null) {
            probing.set(false);
            return;
        }
        String failure;
        long start = System.nanoTime();
        try (Connection c = probeSource.open()) {
            try {
                c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            } catch (SQLException | UnsupportedOperationException unsupported) {
                // the validity check has its own timeout
            }
            boolean valid = c.isValid((int) Math.max(1, (timeoutMillis + 999) / 1000));
            long nanos = System.nanoTime() - start;
            if (valid && nanos < slowNanos) {
                closedByProbeAt = System.nanoTime();
                breaker.transitionToClosedState();
                probing.set(false);
                return;
            }
            failure = valid ? sideName + " answered a probe only after " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms"
                : sideName + " connection not valid";
        } catch (SQLException | RuntimeException e) {
            failure = Mirror.message(e);
        }
        cause = failure;
        causeShown = failure;
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN || breaker.getState() == CircuitBreaker.State.OPEN) {
            try {
                // Restarts the open duration: the application's threads get no trial while probes fail.
                breaker.transitionToOpenState();
            } catch (RuntimeException raced) {
                // closed meanwhile by trial calls
            }
        }
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            probing.set(false);
            return;
        }
        try {
            p.schedule(this::probe, probeNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            probing.set(false);
        }
    }

    /** Stops probing. */
    @Override
    public synchronized void close() {
        if (prober != null) {
            prober.shutdownNow();
            prober = null;
        }
    }
}
