package io.dualaccess.runtime;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.StatementCounter;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.mirror.Mirror;
import io.dualaccess.shadow.ShadowReads;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Micrometer meters fed by the same comparison events as the log. Names and tags are documented in
 * {@code docs/comparison-log.md}: {@code dualaccess.comparisons} (kind, outcome),
 * {@code dualaccess.side.duration} (side, kind), {@code dualaccess.breaker.state},
 * {@code dualaccess.journal.entries}, {@code dualaccess.events.dropped}, {@code dualaccess.events.queue}.
 * Statements of aggregated outcomes ({@code dualaccess.log.aggregate}) are counted one by one as
 * they happen ({@link StatementCounter}), on meters resolved once per aggregate.
 */
public final class MirrorMetrics implements Consumer<ComparisonEvent>, StatementCounter {

    private final MeterRegistry registry;
    private final String runtime;
    /** Per kind, a counter per outcome (by ordinal): no key is built per event. */
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();
    /** Per kind, the timers of side a and side b. */
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

    private MirrorMetrics(MeterRegistry registry, String runtime) {
        this.registry = registry;
        this.runtime = runtime;
    }

    /** Registers the meters of one runtime and subscribes them to its events. */
    public static void bind(MeterRegistry registry, String runtime, EventLog events, DivergenceJournal journal, Mirror mirror) {
        MirrorMetrics m = new MirrorMetrics(registry, runtime);
        events.addListener(m);
        Gauge.builder("dualaccess.breaker.state", mirror.breaker(), b -> stateValue(b.getState()))
            .description("0 closed, 1 open, 2 half-open").tag("runtime", runtime).register(registry);
        journalEntries(registry, runtime, journal);
        eventQueue(registry, runtime, events);
    }

    /**
     * Registers the breaker and journal gauges for a runtime whose mirror may change direction with
     * the phase: the breaker gauge reads whichever mirror {@code mirror} answers for {@code owner}
     * (0 while none).
     */
    public static <T> void bindMirror(MeterRegistry registry, String runtime, T owner, Function<T, Mirror> mirror,
                                      DivergenceJournal journal) {
        // A gauge holds its state object weakly: it must be the long-lived owner, not a lambda
        // that only the gauge references (that would be collected and read NaN).
        Gauge.builder("dualaccess.breaker.state", owner, o -> {
            Mirror m = mirror.apply(o);
            return m == null ? 0 : stateValue(m.breaker().getState());
        }).description("0 closed, 1 open, 2 half-open").tag("runtime", runtime).register(registry);
        journalEntries(registry, runtime, journal);
    }

    /** Registers the event meters only (shadow reads without mirroring). */
    public static void bindEvents(MeterRegistry registry, String runtime, EventLog events) {
        MirrorMetrics m = new MirrorMetrics(registry, runtime);
        events.addListener(m);
        eventQueue(registry, runtime, events);
    }

    // Counts that only grow are counters (Prometheus: *_total, so rate() and increase() apply),
    // read from the owner's own count rather than incremented twice.
    private static void journalEntries(MeterRegistry registry, String runtime, DivergenceJournal journal) {
        FunctionCounter.builder("dualaccess.journal.entries", journal, DivergenceJournal::entries)
            .description("divergences journaled since start").tag("runtime", runtime).register(registry);
    }

    private static void eventQueue(MeterRegistry registry, String runtime, EventLog events) {
        FunctionCounter.builder("dualaccess.events.dropped", events, EventLog::dropped)
            .description("comparison events dropped because the log queue was full").tag("runtime", runtime).register(registry);
        Gauge.builder("dualaccess.events.queue", events, EventLog::depth)
            .description("comparison events waiting to be written").tag("runtime", runtime).register(registry);
    }

    static double stateValue(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        };
    }

    @Override
    public void accept(ComparisonEvent e) {
        Counter c = counter(e.kind(), e.outcome());
        // An aggregate (reads dropped by a saturated shadow path) stands for count statements.
        c.increment(e.count());
        if (e.count() == 1 && (e.a().nanos() > 0 || e.b().nanos() > 0)) {
            Timer[] sides = timers(e.kind());
            if (e.a().nanos() > 0) {
                sides[0].record(e.a().nanos(), TimeUnit.NANOSECONDS);
            }
            if (e.b().nanos() > 0) {
                sides[1].record(e.b().nanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The meters of an aggregated outcome's statements, resolved once: a statement costs no lookup, no tags. */
    @Override
    public Tally tally(String kind, Outcome outcome) {
        Counter c = counter(kind, outcome);
        Timer[] sides = timers(kind);
        Timer a = sides[0];
        Timer b = sides[1];
        return (request, statements, aNanos, bNanos) -> {
            c.increment(statements);
            // As for an event of its own: each statement's time on each side that ran it.
            for (int i = 0; i < statements; i++) {
                if (aNanos > 0) {
                    a.record(aNanos, TimeUnit.NANOSECONDS);
                }
                if (bNanos > 0) {
                    b.record(bNanos, TimeUnit.NANOSECONDS);
                }
            }
        };
    }

    private Counter counter(String kind, Outcome outcome) {
        Counter[] byOutcome = counters.computeIfAbsent(kind, k -> new Counter[Outcome.values().length]);
        int o = outcome.ordinal();
        Counter c = byOutcome[o];
        if (c == null) {
            // Registering twice answers the same meter: a race here only repeats the lookup.
            c = Counter.builder("dualaccess.comparisons").description("comparison events, by kind and outcome")
                .tag("kind", kind).tag("outcome", outcome.value())
                .tag("runtime", runtime).register(registry);
            byOutcome[o] = c;
        }
        return c;
    }

    private Timer[] timers(String kind) {
        return timers.computeIfAbsent(kind, k -> new Timer[] {timer("a", k), timer("b", k)});
    }

    private Timer timer(String side, String kind) {
        return Timer.builder("dualaccess.side.duration").description("time a statement took on side a or b, by kind")
            .tag("side", side).tag("kind", kind).tag("runtime", runtime)
            .register(registry);
    }

    /**
     * Registers the shadow-read gauges of one direction ({@code side} is the shadow side, {@code b}
     * or {@code a}): replays waiting, and replays dropped because the queue was full.
     */
    public static void bindShadowReads(MeterRegistry registry, String runtime, String shadowSide, ShadowReads reads) {
        Gauge.builder("dualaccess.shadow.queue", reads, ShadowReads::depth)
            .description("reads waiting for a shadow worker").tag("runtime", runtime).tag("side", shadowSide).register(registry);
        FunctionCounter.builder("dualaccess.shadow.dropped", reads, ShadowReads::dropped)
            .description("reads not compared because the shadow queue was full").tag("runtime", runtime).tag("side", shadowSide)
            .register(registry);
        Gauge.builder("dualaccess.shadow.sampled", reads, io.dualaccess.shadow.ShadowReads::sampledShare)
            .description("share of reads sampled now, as dualaccess.shadow.budget allows").tag("runtime", runtime)
            .tag("side", shadowSide).register(registry);
    }
}
