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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The circuit breaker in front of the shadow side, and how it is judged.
 *
 * <ul>
 *   <li>A connection-level failure (refused, reset, SQLState class {@code 08}, no connection from
 *       the pool in time) opens it at once: waiting for a failure rate would make the next calls pay
 *       the timeout too.</li>
 *   <li>Other failures, timeouts and slow calls (at least {@code dualaccess.breaker.slow-call}) count
 *       in the window of recent calls; a failure rate at or over the threshold opens it.</li>
 *   <li>A call is judged slow the moment it passes {@code dualaccess.breaker.slow-call}, while it is
 *       still running (a watchdog thread looks at the calls in flight), not when it returns: three
 *       slow calls in a row, with no fast one between them, open the breaker at once. With a few
 *       application threads, a B that answers slowly then holds each thread in one slow call, not in
 *       a slow call per thread until the window's rate says so.</li>
 *   <li>Errors about the statement itself (SQLState classes {@code 42}, {@code 0A}, {@code 22},
 *       {@code 23}) say nothing about B's health and are not counted.</li>
 *   <li>While open, a daemon thread probes the shadow side every {@code dualaccess.breaker.probe-interval}
 *       (a connection and a validity check, bounded by the statement timeout): the application's
 *       threads never pay for finding out whether B is back. A fast answer closes the breaker; if it
 *       then opens again soon by the failure rate (B answers probes but not writes), the probe
 *       interval doubles, up to {@code dualaccess.breaker.open-duration}.</li>
 * </ul>
 * The cause of the last opening (the real connect error, not the pool's "Connection is not
 * available") is kept for the events and journal entries of skipped writes. State changes are logged
 * and given to {@link #onTransition} listeners; Resilience4j's own event publisher gets no consumer,
 * so it builds no event per call.
 */
public final class ShadowBreaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowBreaker.class);
    private static final Executor DIRECT = Runnable::run;
    /** A breaker that opens again this soon after a probe closed it had a probe that lied: back off. */
    private static final long FLAP_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Slow calls in a row that open the breaker at once. */
    private static final int SLOW_STREAK = 3;

    private final CircuitBreaker breaker;
    private final long slowNanos;
    private final int slowStreak;
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
    /** Calls on the shadow side running now, looked at by the watchdog. */
    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    /** Slow calls since the last fast one. */
    private final AtomicInteger slowInARow = new AtomicInteger();
    private final List<Consumer<CircuitBreaker.StateTransition>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService watchdog;
    private volatile boolean watching;

    /**
     * One call on the shadow side, watched while it runs. A paired connection keeps one and reuses it
     * for every call (one call at a time).
     */
    public static final class Call {
        private static final int IDLE = 0;
        private static final int RUNNING = 1;
        private static final int JUDGED_SLOW = 2;
        private final AtomicInteger state = new AtomicInteger();
        private volatile long startedAt;
    }

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
        this.slowStreak = Math.min(window, SLOW_STREAK);
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
        // No consumer on Resilience4j's event publisher: with one, it builds an event (and reads the
        // wall clock) for every call. Transitions are seen by comparing states around each call.
        this.breaker = CircuitBreaker.of(name, bc);
    }

    /** The underlying state machine (state for metrics and status). Register listeners with {@link #onTransition}. */
    public CircuitBreaker state() {
        return breaker;
    }

    /** Calls {@code listener} at every change of state (on the thread that made it; keep it cheap). */
    public void onTransition(Consumer<CircuitBreaker.StateTransition> listener) {
        listeners.add(listener);
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
        CircuitBreaker.State before = breaker.getState();
        boolean permitted;
        try {
            permitted = breaker.tryAcquirePermission();
        } catch (RuntimeException raced) {
            // The open duration ended (OPEN to HALF_OPEN) just as the probe closed the breaker:
            // Resilience4j refuses the stale transition. Judge again on the state now.
            try {
                permitted = breaker.tryAcquirePermission();
            } catch (RuntimeException again) {
                permitted = false;
            }
        }
        if (before != CircuitBreaker.State.CLOSED) {
            // OPEN to HALF_OPEN after the open duration happens here.
            transitioned(before);
        }
        return permitted;
    }

    /** Whether the breaker is open now (the shadow side is judged sick; no trial calls yet). */
    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    /** Starts watching a call that is about to run on the shadow side (after {@link #permit()}). */
    public void begin(Call call) {
        call.startedAt = System.nanoTime();
        call.state.set(Call.RUNNING);
        inFlight.add(call);
        if (!watching) {
            startWatchdog();
        }
    }

    /** Stops watching a call: whether it was judged slow while it ran (then it counted already). */
    private boolean end(Call call) {
        if (call == null) {
            return false;
        }
        inFlight.remove(call);
        return call.state.getAndSet(Call.IDLE) == Call.JUDGED_SLOW;
    }

    /** A call that went through, with its duration (a slow one counts against the shadow side). */
    public void succeeded(long nanos) {
        succeeded(null, nanos);
    }

    /** As {@link #succeeded(long)}, for a call watched since {@link #begin(Call)}. */
    public void succeeded(Call call, long nanos) {
        boolean judged = end(call);
        CircuitBreaker.State before = breaker.getState();
        try {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException raced) {
            // a transition racing the probe's (see record)
            LOG.debug("breaker: {}", raced.toString());
        }
        if (before != CircuitBreaker.State.OPEN && breaker.getState() == CircuitBreaker.State.OPEN) {
            cause = "slow calls: " + sideName + " took " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms for a mirrored call (dualaccess.breaker.slow-call is "
                + TimeUnit.NANOSECONDS.toMillis(slowNanos) + " ms)";
            causeShown = cause;
        }
        transitioned(before);
        if (nanos < slowNanos) {
            slowInARow.set(0);
        } else if (!judged) {
            slow(nanos, false);
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
        failed(null, nanos, e, recorded, shown);
    }

    /** As {@link #failed(long, Throwable, Throwable, String)}, for a call watched since {@link #begin(Call)}. */
    public void failed(Call call, long nanos, Throwable e, Throwable recorded, String shown) {
        end(call);
        CircuitBreaker.State before = breaker.getState();
        if (aboutTheStatement(e)) {
            // Not the shadow side's health: the call leaves no mark in the window.
            breaker.releasePermission();
            return;
        }
        record(() -> breaker.onError(nanos, TimeUnit.NANOSECONDS, recorded));
        if (connectionLevel(e) && before != CircuitBreaker.State.OPEN) {
            open(Mirror.message(e), shown);
        } else if (before != CircuitBreaker.State.OPEN && breaker.getState() == CircuitBreaker.State.OPEN) {
            cause = Mirror.message(e);
            causeShown = shown;
        }
        transitioned(before);
    }

    /** A permitted call that was not sent after all (the breaker opened on its way): no mark in the window. */
    public void abandoned(Call call) {
        end(call);
        breaker.releasePermission();
    }

    /**
     * A commit that went through: it counts for slow calls in a row (a slow B is slow at committing
     * too), not in the failure-rate window, whose calls are the statements the breaker permitted.
     */
    public void committed(Call call, long nanos) {
        boolean judged = end(call);
        if (nanos < slowNanos) {
            slowInARow.set(0);
        } else if (!judged) {
            slow(nanos, false);
        }
    }

    /** A call that was cut short by the transaction's budget: counted as slow, never opens at once. */
    public void overBudget(long nanos) {
        overBudget(null, nanos);
    }

    /** As {@link #overBudget(long)}, for a call watched since {@link #begin(Call)}. */
    public void overBudget(Call call, long nanos) {
        end(call);
        CircuitBreaker.State before = breaker.getState();
        record(() -> breaker.onSuccess(Math.max(nanos, slowNanos), TimeUnit.NANOSECONDS));
        transitioned(before);
    }

    /**
     * Gives Resilience4j a call's outcome. A transition it makes on it may race with the probe's (an
     * illegal transition from a state the probe just left): the application's statement never sees that.
     */
    private static void record(Runnable outcome) {
        try {
            outcome.run();
        } catch (RuntimeException raced) {
            LOG.debug("breaker: {}", raced.toString());
        }
    }

    /** Opens the breaker now, naming why (an unreachable shadow side at start, a refused connection). */
    public void open(String why) {
        open(why, why);
    }

    /** Opens the breaker now: {@code why} for the journal and events, {@code shown} for the application log. */
    public void open(String why, String shown) {
        cause = why;
        causeShown = shown;
        CircuitBreaker.State before = breaker.getState();
        try {
            breaker.transitionToOpenState();
        } catch (RuntimeException raced) {
            // another thread changed the state in between; open it is, or will be judged again
        }
        transitioned(before);
    }

    /** Why the breaker last opened, with the shadow side's own error where there was one; null when never. */
    public String cause() {
        return cause;
    }

    /**
     * One more slow call in a row: the third opens the breaker.
     *
     * @param running whether the call is still running (judged by the watchdog) or has returned
     */
    private void slow(long nanos, boolean running) {
        int n = slowInARow.incrementAndGet();
        if (n >= slowStreak && breaker.getState() != CircuitBreaker.State.OPEN) {
            String why = "slow calls: " + n + " calls on " + sideName + " in a row took longer than dualaccess.breaker.slow-call ("
                + TimeUnit.NANOSECONDS.toMillis(slowNanos) + " ms), the last " + (running ? "still running after " : "returning after ")
                + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
            open(why);
        }
    }

    /** The watchdog's round: every call running past the slow-call threshold counts as slow now, once. */
    private void watch() {
        long now = System.nanoTime();
        for (Call c : inFlight) {
            long running = now - c.startedAt;
            if (running >= slowNanos && c.state.compareAndSet(Call.RUNNING, Call.JUDGED_SLOW)) {
                slow(running, true);
            }
        }
    }

    private synchronized void startWatchdog() {
        if (watching) {
            return;
        }
        if (watchdog == null) {
            watchdog = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("breaker-watch"));
        }
        // A tenth of the threshold: a slow call is judged at most 10 % (and at least 5 ms) late.
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(TimeUnit.MILLISECONDS.toNanos(250), slowNanos / 10));
        watchdog.scheduleWithFixedDelay(() -> {
            try {
                watch();
            } catch (RuntimeException e) {
                LOG.debug("breaker watchdog: {}", e.toString());
            }
        }, tick, tick, TimeUnit.NANOSECONDS);
        watching = true;
    }

    /** After a call that may have changed the state: logs the change, tells listeners, probes when open. */
    private void transitioned(CircuitBreaker.State before) {
        CircuitBreaker.State to = breaker.getState();
        if (to == before) {
            return;
        }
        CircuitBreaker.StateTransition t;
        try {
            t = CircuitBreaker.StateTransition.transitionBetween(breaker.getName(), before, to);
        } catch (IllegalStateException notOne) {
            return;
        }
        LOG.warn("dualaccess mirror circuit breaker: {} (writes to the shadow side are {} and journaled while open){}",
            t, to == CircuitBreaker.State.CLOSED ? "sent again" : "skipped",
            to == CircuitBreaker.State.OPEN && causeShown != null ? ": " + causeShown : "");
        if (to == CircuitBreaker.State.CLOSED) {
            slowInARow.set(0);
        }
        for (Consumer<CircuitBreaker.StateTransition> l : listeners) {
            try {
                l.accept(t);
            } catch (RuntimeException e) {
                LOG.warn("breaker listener failed", e);
            }
        }
        if (to == CircuitBreaker.State.OPEN) {
            onOpened();
        }
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
                CircuitBreaker.State before = breaker.getState();
                breaker.transitionToClosedState();
                transitioned(before);
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
        CircuitBreaker.State before = breaker.getState();
        if (before == CircuitBreaker.State.HALF_OPEN || before == CircuitBreaker.State.OPEN) {
            try {
                // Restarts the open duration: the application's threads get no trial while probes fail.
                breaker.transitionToOpenState();
            } catch (RuntimeException raced) {
                // closed meanwhile by trial calls
            }
            transitioned(before);
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
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
    }
}
