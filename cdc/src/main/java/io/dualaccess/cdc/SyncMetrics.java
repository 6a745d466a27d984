package io.dualaccess.cdc;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A sync's lag and health, as Micrometer meters tagged with the sync's name:
 * {@code dualaccess.sync.lag} (timer: from A's commit to B's commit, per applied transaction),
 * {@code dualaccess.sync.lag.current} (gauge, milliseconds, the latest lag, growing while A's log
 * is silent but unapplied work waits), {@code dualaccess.sync.events} (applied change events),
 * {@code dualaccess.sync.transactions} (applied A transactions), {@code dualaccess.sync.errors};
 * and the position in A's log as text for {@code /status}.
 */
public final class SyncMetrics {

    private final String name;
    private final Timer lag;
    private final Counter events;
    private final Counter transactions;
    private final Counter errors;
    private final AtomicLong lastLagMillis = new AtomicLong(-1);
    private final AtomicReference<String> position = new AtomicReference<>("");
    private final AtomicReference<String> lastError = new AtomicReference<>(null);
    private final AtomicReference<String> state = new AtomicReference<>("starting");
    private final AtomicLong snapshotRows = new AtomicLong();
    /** A's commit time (ms) of the oldest change received and not yet committed in B; 0 when none. */
    private final AtomicLong pendingSince = new AtomicLong();
    private volatile boolean snapshotting;

    /** Registers the sync's meters. */
    public SyncMetrics(MeterRegistry registry, String name) {
        this.name = name;
        this.lag = Timer.builder("dualaccess.sync.lag").tag("sync", name)
            .description("Time from A's commit of a transaction to B's commit of the same changes")
            .publishPercentiles(0.5, 0.99).publishPercentileHistogram(false)
            .distributionStatisticExpiry(Duration.ofMinutes(10)).distributionStatisticBufferLength(1)
            .register(registry);
        Gauge.builder("dualaccess.sync.lag.current", this, SyncMetrics::lagMillis).tag("sync", name)
            .description("Current lag in milliseconds: the age of the oldest change not yet in B, else the latest applied"
                + " transaction's lag (-1 when not known: starting, snapshot, restarting)").baseUnit("milliseconds")
            .register(registry);
        this.events = Counter.builder("dualaccess.sync.events").tag("sync", name)
            .description("Change events applied to B").register(registry);
        this.transactions = Counter.builder("dualaccess.sync.transactions").tag("sync", name)
            .description("A's transactions applied to B, each in one B transaction").register(registry);
        this.errors = Counter.builder("dualaccess.sync.errors").tag("sync", name)
            .description("Failures of the sync (apply or change reader); the sync restarts from B's offsets").register(registry);
        Gauge.builder("dualaccess.sync.snapshot.rows", snapshotRows, AtomicLong::get).tag("sync", name)
            .description("Rows copied by the initial snapshot").register(registry);
    }

    void applied(long transactionsApplied, long eventsApplied, long sourceCommitMillis, String where) {
        events.increment(eventsApplied);
        if (transactionsApplied > 0) {
            transactions.increment(transactionsApplied);
        }
        if (sourceCommitMillis > 0) {
            long l = Math.max(0, System.currentTimeMillis() - sourceCommitMillis);
            lastLagMillis.set(l);
            if (transactionsApplied > 0) {
                lag.record(l, TimeUnit.MILLISECONDS);
            }
        }
        if (where != null) {
            position.set(where);
        }
        pendingSince.set(0);
    }

    /** A change committed on A at {@code sourceMillis} reached the applier and is not yet in B. */
    void receiving(long sourceMillis) {
        pendingSince.compareAndSet(0, sourceMillis > 0 ? sourceMillis : System.currentTimeMillis());
    }

    /**
     * A heartbeat emitted by the reader at {@code heartbeatMillis} reached the applier with nothing
     * of A's before it left unapplied: B is at most that far behind.
     */
    void caughtUp(long heartbeatMillis) {
        if (pendingSince.get() == 0 && heartbeatMillis > 0) {
            lastLagMillis.set(Math.max(0, System.currentTimeMillis() - heartbeatMillis));
        }
    }

    /** Whether the initial snapshot is being copied (its rows have no lag worth the name). */
    void snapshotting(boolean on) {
        snapshotting = on;
    }

    /**
     * The current lag in milliseconds: the time since A committed the oldest change received and not
     * yet committed in B, else the lag of the last applied transaction (or heartbeat); -1 when not
     * known (starting, copying the snapshot, restarting after a failure).
     */
    public long lagMillis() {
        if (!"running".equals(state.get()) || snapshotting) {
            return -1;
        }
        long last = lastLagMillis.get();
        long since = pendingSince.get();
        if (since > 0) {
            return Math.max(Math.max(last, 0), System.currentTimeMillis() - since);
        }
        return Math.max(last, 0);
    }

    /** The position in A's log that B holds, as text (empty before the first commit). */
    public String position() {
        return position.get();
    }

    /** The state: starting, running, restarting, stopped. */
    public String state() {
        return state.get();
    }

    void snapshotRows(long n) {
        snapshotRows.addAndGet(n);
    }

    void error(Throwable t) {
        pendingSince.set(0);
        errors.increment();
        lastError.set(t.toString());
    }

    void state(String s) {
        state.set(s);
    }

    /** Applied change events so far. */
    public long events() {
        return (long) events.count();
    }

    /** Applied A transactions so far. */
    public long transactions() {
        return (long) transactions.count();
    }

    /** Rows copied by the snapshot so far. */
    public long snapshotRows() {
        return snapshotRows.get();
    }

    /** Failures so far. */
    public long errors() {
        return (long) errors.count();
    }

    /** The lag at a percentile (0.5, 0.99) over the last minutes, in milliseconds; NaN before any. */
    public double lagPercentile(double p) {
        for (ValueAtPercentile v : lag.takeSnapshot().percentileValues()) {
            if (Math.abs(v.percentile() - p) < 1e-9) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    /**
     * The sync's state as one comparison-log event, {@code kind} {@code sync} (its fields under
     * {@code change}), for {@code dualaccess report}.
     *
     * @param phase  the runtime's phase, or null outside a runtime ({@code dualaccess sync})
     * @param tables the synced tables
     */
    public ComparisonEvent event(String phase, List<String> tables) {
        Map<String, Object> change = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : status().entrySet()) {
            change.put(e.getKey(), e.getValue() instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : e.getValue());
        }
        String line = "sync " + name + ": " + change.get("state") + ", lag " + change.get("lag_ms") + " ms, events "
            + change.get("events") + ", errors " + change.get("errors");
        return new ComparisonEvent(System.currentTimeMillis(), "sync", phase, Outcome.APPLIED, null, "sync " + name, line, null,
            SideResult.NOT_RUN, SideResult.NOT_RUN, tables, null, List.of(), null, change, null, null);
    }

    /** The state for {@code /status}: name, state, position, lag, counts, last error. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("state", state.get());
        m.put("position", position.get());
        m.put("lag_ms", lagMillis());
        m.put("snapshotting", snapshotting);
        m.put("lag_p50_ms", lagPercentile(0.5));
        m.put("lag_p99_ms", lagPercentile(0.99));
        m.put("snapshot_rows", snapshotRows.get());
        m.put("events", events());
        m.put("transactions", transactions());
        m.put("errors", errors());
        m.put("last_error", lastError.get());
        return m;
    }
}
