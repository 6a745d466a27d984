package io.dualaccess.shadow;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.compare.ComparisonResult;
import io.dualaccess.compare.DigestComparison;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.compare.RowDigest;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.dualaccess.events.ValueRenderer;
import io.dualaccess.mirror.CapturedParameters.Param;
import io.dualaccess.mirror.ShadowSource;
import io.dualaccess.runtime.DaemonThreads;
import io.dualaccess.sql.StatementInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays reads on the shadow side, off the application's thread, and compares: a bounded pool of
 * daemon workers ({@code dualaccess.shadow.threads}) fed by a bounded queue
 * ({@code dualaccess.shadow.queue}); a full queue drops the read and counts it, never blocks.
 * Nothing a worker touches belongs to the application: it gets an immutable snapshot (SQL,
 * parameters, the authoritative side's digest).
 */
public final class ShadowReads implements AutoCloseable {

    /** Thrown on every drop: preallocated and without a stack trace, so a full queue stays cheap. */
    private static final RejectedExecutionException QUEUE_FULL = new RejectedExecutionException("shadow queue full") {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private final ThreadPoolExecutor workers;
    private final ShadowSource shadow;
    private final boolean shadowIsB;
    private final EventLog events;
    private final ValueRenderer renderer;
    private final NormalizationRules rules = NormalizationRules.defaults();
    private final int keepRows;
    private final double sampleRate;
    private final Duration timeout;
    private final String phase;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param shadow where connections to the shadow side come from
     * @param shadowIsB whether the shadow side is B
     */
    public ShadowReads(DualAccessConfig config, ShadowSource shadow, boolean shadowIsB, EventLog events) {
        int threads = (Integer) config.get(ConfigKey.SHADOW_THREADS);
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>((Integer) config.get(ConfigKey.SHADOW_QUEUE)), new DaemonThreads("shadow"),
            (task, executor) -> {
                throw QUEUE_FULL;
            });
        this.shadow = shadow;
        this.shadowIsB = shadowIsB;
        this.events = events;
        this.renderer = ValueRenderer.of((String) config.get(ConfigKey.LOG_VALUES));
        this.keepRows = (Integer) config.get(ConfigKey.COMPARE_KEEP_ROWS);
        this.sampleRate = (Double) config.get(ConfigKey.SHADOW_SAMPLE_RATE);
        this.timeout = (Duration) config.get(ConfigKey.B_STATEMENT_TIMEOUT);
        this.phase = config.phase().configValue();
    }

    /** Whether this read is sampled (decided before any per-row work is done). */
    public boolean sampled() {
        return sampleRate >= 1 || sampleRate > 0 && ThreadLocalRandom.current().nextDouble() < sampleRate;
    }

    /** Starts capturing a read the application is about to consume. */
    public ReadCapture capture(StatementInfo info, String sql, Param[] params, long startNanos, String tx) {
        return new ReadCapture(this, info, sql, params, startNanos, tx);
    }

    NormalizationRules rules() {
        return rules;
    }

    int keepRows() {
        return keepRows;
    }

    /** Reads not compared because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Reads waiting for a worker. */
    public int depth() {
        return workers.getQueue().size();
    }

    /** Publishes a read that is not replayed at all, with the reason (for example {@code in_transaction}). */
    public void skip(StatementInfo info, String sql, Param[] params, String reason) {
        ReadCapture c = new ReadCapture(this, info, sql, params, System.nanoTime(), null);
        publish(c, Outcome.SKIPPED, reason, SideResult.NOT_RUN, SideResult.NOT_RUN, null);
    }

    /** Publishes a read that is not replayed (skipped with a reason). */
    void skipped(ReadCapture c, String reason, ResultDigest a) {
        publish(c, Outcome.SKIPPED, reason, SideResult.read(a == null ? -1 : a.rowCount(), c.aNanos(), null), SideResult.NOT_RUN, null);
    }

    /** Queues the replay of a completed read; a full queue drops it. */
    void submit(ReadCapture c, ResultDigest a) {
        try {
            workers.execute(() -> replay(c, a));
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
            publish(c, Outcome.DROPPED, "queue_full", SideResult.read(a.rowCount(), c.aNanos(), null), SideResult.NOT_RUN, null);
        }
    }

    private void replay(ReadCapture c, ResultDigest a) {
        long start = System.nanoTime();
        ResultDigest b;
        try {
            // An ordered prefix read by the application is compared on the same prefix.
            long limit = a.complete() ? Long.MAX_VALUE : a.rowCount();
            b = run(c, limit);
        } catch (SQLException | RuntimeException e) {
            long nanos = System.nanoTime() - start;
            boolean timedOut = e instanceof SQLTimeoutException || e instanceof SQLException s
                && ("57014".equals(s.getSQLState()) || "70100".equals(s.getSQLState()));
            publish(c, timedOut ? Outcome.TIMEOUT : Outcome.B_ERROR, null, SideResult.read(a.rowCount(), c.aNanos(), null),
                SideResult.read(-1, nanos, e.getClass().getSimpleName() + ": " + e.getMessage()), null);
            return;
        }
        long bNanos = System.nanoTime() - start;
        ComparisonResult result = DigestComparison.compare(a, b, c.info().orderBy());
        Outcome outcome = switch (result.verdict()) {
            case MATCH -> Outcome.MATCH;
            case SKIPPED -> Outcome.SKIPPED;
            default -> Outcome.MISMATCH;
        };
        publish(c, outcome, result.reason(), SideResult.read(a.rowCount(), c.aNanos(), null),
            SideResult.read(b.rowCount(), bNanos, null), outcome == Outcome.MISMATCH ? diff(result) : null);
    }

    private ResultDigest run(ReadCapture c, long limit) throws SQLException {
        try (Connection conn = shadow.open()) {
            conn.setReadOnly(true);
            int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
            if (c.params() == null) {
                try (Statement st = conn.createStatement()) {
                    st.setQueryTimeout(seconds);
                    try (ResultSet rs = st.executeQuery(c.sql())) {
                        return digest(rs, limit);
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(c.sql())) {
                ps.setQueryTimeout(seconds);
                for (Param p : c.params()) {
                    if (p != null) {
                        p.apply(ps, p.index());
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return digest(rs, limit);
                }
            } finally {
                conn.setReadOnly(false);
            }
        }
    }

    private ResultDigest digest(ResultSet rs, long limit) throws SQLException {
        RowDigest d = RowDigest.of(rs, rules, keepRows);
        long n = 0;
        boolean more = true;
        while (n < limit && (more = rs.next())) {
            d.add(rs);
            n++;
        }
        if (!more || limit == Long.MAX_VALUE) {
            d.markComplete();
        }
        return d.snapshot();
    }

    /** Where the results differ, with values shown as {@code dualaccess.log.values} allows. */
    private Map<String, Object> diff(ComparisonResult r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", r.kind() == null ? null : r.kind().value());
        d.put("ordered", r.ordered());
        d.put("rows_a", r.rowsA());
        d.put("rows_b", r.rowsB());
        ComparisonResult.Difference f = r.firstDifference();
        if (f != null) {
            d.put("row_a", f.rowA());
            d.put("row_b", f.rowB());
            d.put("column", f.column());
            d.put("value_a", renderer == ValueRenderer.NONE ? null : renderer.value(f.valueA()));
            d.put("value_b", renderer == ValueRenderer.NONE ? null : renderer.value(f.valueB()));
            d.put("rules_applied", List.copyOf(f.rulesApplied()));
        }
        d.put("only_in_a", r.onlyInA().size());
        d.put("only_in_b", r.onlyInB().size());
        d.put("beyond_kept_rows", r.beyondKeptRows());
        d.put("rules", List.copyOf(r.rules()));
        return d;
    }

    private void publish(ReadCapture c, Outcome outcome, String reason, SideResult authoritative, SideResult shadowSide,
                         Map<String, Object> diff) {
        SideResult a = shadowIsB ? authoritative : shadowSide;
        SideResult b = shadowIsB ? shadowSide : authoritative;
        events.publish(new ComparisonEvent(System.currentTimeMillis(), "read", phase, outcome, reason, c.info().fingerprint(),
            c.sql(), renderer.params(c.params()), a, b, c.info().tables(), c.tx(), c.info().nondeterministic(), diff,
            c.request()));
    }

    /** Stops the workers; queued replays are abandoned (they only compare, they never write). */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
