package io.dualaccess.sidecar.http;

import io.dualaccess.context.RequestContext;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.dualaccess.threads.DaemonThreads;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * HTTP shadowing for one runtime: decides on the request thread whether a request is shadowed
 * (method, sampling, route), and replays captured exchanges off it. The request thread only
 * offers to a bounded queue (full: dropped and counted, never waiting); one dispatcher thread
 * takes from it, waits for one of {@code dualaccess.http.concurrency} permits and sends the
 * replays asynchronously; the comparison runs when the candidate (and twin) answered or timed out.
 * A circuit breaker stops replaying to a failing or slow candidate for a while; while it is open
 * the request thread does not capture at all and only counts the request as skipped.
 */
public final class HttpShadow implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpShadow.class);

    private final ShadowSettings settings;
    private final Replayer replayer;
    private final ResponseComparison comparison;
    private final Noise noise;
    private final HttpEvents events;
    private final Consumer<ComparisonEvent> publish;
    private final CircuitBreaker breaker;
    private final ThreadPoolExecutor dispatcher;
    private final Semaphore inFlight;
    private final AtomicLong dropped = new AtomicLong();
    /** While the breaker is open (until {@link #openUntil}, a {@link System#nanoTime()}), requests are not captured. */
    private volatile boolean open;
    private volatile long openUntil;

    HttpShadow(ShadowSettings settings, Replayer replayer, HttpEvents events, Consumer<ComparisonEvent> publish,
               CircuitBreaker breaker, String name) {
        this.settings = settings;
        this.replayer = replayer;
        this.comparison = new ResponseComparison(settings.rules());
        this.noise = new Noise(settings.noiseMin());
        this.events = events;
        this.publish = publish;
        this.breaker = breaker;
        this.inFlight = new Semaphore(settings.concurrency());
        this.dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.queue()),
            new DaemonThreads(name), new ThreadPoolExecutor.AbortPolicy());
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
        breaker.getEventPublisher().onStateTransition(t -> {
            boolean opened = t.getStateTransition().getToState() == CircuitBreaker.State.OPEN;
            if (opened) {
                openUntil = System.nanoTime() + waitNanos;
            }
            open = opened;
        });
    }

    /**
     * On the request thread, before the application runs: a capture when this request is shadowed,
     * else null (costs a set lookup, a random draw and the route patterns).
     *
     * @param context the request's context: its path (inside the application) is matched against the routes
     */
    public Capture begin(HttpServletRequest request, HttpServletResponse response, RequestContext context) {
        String method = request.getMethod();
        if (!settings.methods().contains(method.toUpperCase(Locale.ROOT))) {
            return null;
        }
        if (settings.sampleRate() < 1 && ThreadLocalRandom.current().nextDouble() >= settings.sampleRate()) {
            return null;
        }
        String route = settings.routes().match(context.path());
        if (route == null) {
            return null;
        }
        if (open && System.nanoTime() - openUntil < 0) {
            // A down or slow candidate: nothing will be replayed until the breaker lets a probe through,
            // so the answer is neither wrapped nor copied and no thread is woken. After the open duration
            // requests are captured again and the dispatcher's permission check half-opens the breaker.
            return Capture.notReplayed(this, request, response, context, route);
        }
        boolean body = !ShadowSettings.SAFE.contains(method.toUpperCase(Locale.ROOT));
        return new Capture(this, request, response, context, route, body, settings.bodyCap());
    }

    /** Offers an exchange for replay; never blocks. */
    void submit(Exchange e) {
        try {
            dispatcher.execute(() -> replay(e));
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
            publish.accept(events.notCompared(e, Outcome.DROPPED, "queue_full", null));
        }
    }

    /** Reports an exchange that is not replayed (a body unread or over the cap, the breaker open). */
    void skip(Exchange e, String reason) {
        publish.accept(events.notCompared(e, Outcome.SKIPPED, reason, null));
    }

    /** The response headers compared (lower-case names). */
    List<String> comparedHeaders() {
        return settings.compareHeaders();
    }

    /** Whether a request header is replayed. */
    boolean forwards(String header) {
        return replayer.forwards(header);
    }

    private void replay(Exchange e) {
        if (!breaker.tryAcquirePermission()) {
            publish.accept(events.notCompared(e, Outcome.SKIPPED, "breaker_open", null));
            return;
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return;
        }
        CompletableFuture<Answer> b = replayer.send(settings.candidate(), e);
        CompletableFuture<Answer> twin = settings.twin() == null ? CompletableFuture.completedFuture(null)
            : replayer.send(settings.twin(), e);
        b.thenCombine(twin, (cb, ct) -> {
            try {
                finish(e, cb, ct);
            } catch (RuntimeException ex) {
                // A comparison must never take a thread or a permit with it.
                LOG.warn("dualaccess: comparing the HTTP answers of {} {} failed: {}", e.method(), e.route(), ex.toString());
            } finally {
                inFlight.release();
            }
            return null;
        });
    }

    private void finish(Exchange e, Answer b, Answer twin) {
        if (b.ok()) {
            breaker.onSuccess(b.nanos(), TimeUnit.NANOSECONDS);
        } else {
            breaker.onError(b.nanos(), TimeUnit.NANOSECONDS, new IOException(b.error()));
        }
        if (!b.ok()) {
            publish.accept(events.notCompared(e, b.timedOut() ? Outcome.TIMEOUT : Outcome.B_ERROR, null, b));
            return;
        }
        if (twin != null && twin.ok()) {
            ResponseComparison.Verdict own = comparison.compare(e.a(), twin);
            noise.learn(e.route(), own.differences());
        }
        ResponseComparison.Verdict v = comparison.compare(e.a(), b);
        List<Difference> findings = new ArrayList<>();
        List<Difference> discounted = new ArrayList<>();
        for (Difference d : v.differences()) {
            (noise.isNoise(e.route(), d) ? discounted : findings).add(d);
        }
        // Differences past the kept ones are not known by place: they count as findings.
        int count = v.count() - discounted.size();
        Outcome outcome;
        String reason = null;
        if (count > 0) {
            outcome = Outcome.MISMATCH;
        } else if (v.bodyNotCompared() != null) {
            outcome = Outcome.SKIPPED;
            reason = v.bodyNotCompared();
        } else {
            outcome = Outcome.MATCH;
        }
        publish.accept(events.compared(e, b, twin, outcome, reason, findings, count, discounted));
    }

    /** Exchanges waiting for the dispatcher. */
    public int depth() {
        return dispatcher.getQueue().size();
    }

    /** Exchanges not replayed because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** The breaker guarding the candidate. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Places learned as noise on a route. */
    public Set<String> noise(String route) {
        return noise.of(route);
    }

    /** The configured route templates, in the order they are matched. */
    public List<String> routes() {
        return List.copyOf(settings.routes().templates());
    }

    /** The candidate's base URL as configured. */
    public String candidate() {
        return settings.candidate();
    }

    /** The primary twin's base URL as configured, or null without a twin. */
    public String twin() {
        return settings.twin();
    }

    /**
     * Stops being the shadowing {@code DualAccessFilter} uses, stops taking exchanges, lets replays
     * in flight finish (bounded by the timeout), stops the client.
     */
    @Override
    public void close() {
        HttpShadows.deactivate(this);
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            inFlight.tryAcquire(settings.concurrency(), settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.shutdownNow();
        try {
            replayer.close();
        } catch (Exception e) {
            LOG.warn("dualaccess: stopping the HTTP shadowing client failed: {}", e.toString());
        }
    }
}
