package io.dualaccess.shadow;

import io.dualaccess.source.KeptStatements;
import io.dualaccess.results.ResultRows;
import io.dualaccess.DualAccessConfig;
import io.dualaccess.compare.ComparisonResult;
import io.dualaccess.compare.DigestComparison;
import io.dualaccess.compare.Noise;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.compare.RowDigest;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.context.RequestContext;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.ErrorText;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.dualaccess.events.ValueRenderer;
import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.mirror.Quarantine;
import io.dualaccess.mirror.ShadowSession;
import io.dualaccess.mirror.ShadowSql;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.threads.DaemonThreads;
import io.dualaccess.sql.LockingClause;
import io.dualaccess.sql.ResultShape;
import io.dualaccess.sql.StatementInfo;
import io.dualaccess.sql.TableScope;
import io.dualaccess.translate.Translator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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

    /** Fingerprints whose noise is remembered; beyond it, calibration learns nothing new (memory stays bounded). */
    static final int MAX_NOISY_FINGERPRINTS = 10_000;
    /** Reads waiting from which a hand-off wakes a lingering worker (else they look again within milliseconds). */
    static final int WAKE_AT = 64;
    /** Rows a replay fetches at a time, so drivers stream large results instead of loading them. */
    static final int FETCH_SIZE = 1000;

    private final ThreadPoolExecutor workers;
    private final ConnectionSource shadow;
    private final ConnectionSource authoritative;
    private final boolean shadowIsB;
    private final EventLog events;
    private final ValueRenderer renderer;
    private final NormalizationRules rules;
    private final TableScope scope;
    private final ReadExclusions exclusions;
    /** dualaccess.shadow.in-transaction=paired: reads after a write are replayed inside the paired transaction. */
    private final boolean pairedInTransaction;
    private final double inTransactionRate;
    private final long inTransactionBudgetNanos;
    private final boolean recheck;
    /** When this process last wrote each table: whether a mismatching read's tables have writes in flight. */
    private final TableWrites writes = new TableWrites();
    /** dualaccess.compare.recheck.attempts: re-checks of a mismatching read at most, while it does not settle. */
    private final int recheckAttempts;
    private final boolean calibrate;
    /** Noise learned per fingerprint by calibration, with the rules that discount it. */
    private final ConcurrentHashMap<String, Learned> noise = new ConcurrentHashMap<>();
    private final int keepRows;
    /** The share of reads sampled, adapted to {@code dualaccess.shadow.budget}. */
    private final ShadowBudget budget;
    /** Set when a hand-off found the queue full, cleared when {@link #saturated()} sees room again. */
    private volatile boolean queueFull;
    /** Reads the full queue dropped, published as one event per fingerprint and interval. */
    private final DroppedReads drops = new DroppedReads();
    /** Adjusts the sampled share and publishes the drop aggregates. */
    private final ScheduledExecutorService ticker;
    private int ticks;
    private final Duration timeout;
    /**
     * Whether the shadow side's connections carry the statement timeout as a session setting (B's
     * own pool, {@link ShadowSession}): the replay then sets no query timeout of its own. H2 runs a
     * {@code SET} command per query timeout, which empties every session's parsed-statement cache,
     * and PostgreSQL's driver schedules and cancels a timer task per statement.
     */
    private final boolean sessionTimeout;
    /** Replays' prepared statements kept on B's own pooled connections (only with {@link #sessionTimeout}: no per-statement timeout to set). */
    private final KeptStatements statements = new KeptStatements();
    private final Supplier<String> phase;
    private final DiffContent content;
    /** Translates reads into the shadow side's dialect and schema (asked per read: resolved lazily). */
    private final Supplier<Translator> translator;
    /** Reads the shadow side keeps refusing for what they are: not replayed for a while. */
    private final Quarantine quarantine;
    /**
     * B's read pool, whose sessions the server keeps read-only: replays there run in auto-commit,
     * one round trip ({@link ReadOnlySession}); null where replays run in a rolled-back read-only
     * transaction on the shadow side's connections.
     */
    private final ConnectionSource readOnlyShadow;
    private final ReadOnlySession readOnly;
    /**
     * B's read pool where B's engine has no read-only session (H2): its connections stay in a
     * read-only transaction (the pool's default: not auto-commit, read-only), and each replay is
     * the query and a rollback, with no access-mode or auto-commit change per replay; null elsewhere.
     */
    private final ConnectionSource keptTransactionShadow;

    /** Calibrated noise of one fingerprint and the rules that leave its noisy columns out. */
    private record Learned(Noise noise, NormalizationRules rules) {
    }

    /**
     * @param shadow where connections to the shadow side come from
     * @param authoritative where connections to the authoritative side come from, for the re-check
     *                      and calibration (never the application's own connection)
     * @param shadowIsB whether the shadow side is B
     */
    public ShadowReads(DualAccessConfig config, ConnectionSource shadow, ConnectionSource authoritative, boolean shadowIsB,
                       EventLog events) {
        this(config, shadow, authoritative, shadowIsB, events, config.phase()::configValue);
    }

    /**
     * As {@link #ShadowReads(DualAccessConfig, ConnectionSource, ConnectionSource, boolean, EventLog)}, naming
     * in events the phase in force when each is recorded (it changes at run time).
     */
    public ShadowReads(DualAccessConfig config, ConnectionSource shadow, ConnectionSource authoritative, boolean shadowIsB,
                       EventLog events, Supplier<String> phase) {
        this(config, shadow, authoritative, shadowIsB, events, phase, () -> Translator.NONE);
    }

    /**
     * As above, translating each read for the shadow side.
     *
     * @param translator what translates the application's SQL for the shadow side
     */
    public ShadowReads(DualAccessConfig config, ConnectionSource shadow, ConnectionSource authoritative, boolean shadowIsB,
                       EventLog events, Supplier<String> phase,
                       Supplier<Translator> translator) {
        this(config, shadow, authoritative, shadowIsB, events, phase, translator, null);
    }

    /**
     * As above, replaying on B's read pool where its engine keeps a session read-only.
     *
     * @param readOnlyShadow B's read pool (its connections made by {@link #readPoolInitSql}), or null
     */
    public ShadowReads(DualAccessConfig config, ConnectionSource shadow, ConnectionSource authoritative, boolean shadowIsB,
                       EventLog events, Supplier<String> phase,
                       Supplier<Translator> translator, ConnectionSource readOnlyShadow) {
        this.translator = translator;
        this.readOnly = shadowIsB && readOnlyShadow != null
            ? ReadOnlySession.of(config.bUrl(), config.duration(ConfigKey.B_STATEMENT_TIMEOUT)) : null;
        this.readOnlyShadow = readOnly == null ? null : readOnlyShadow;
        this.keptTransactionShadow = shadowIsB && readOnly == null && readOnlyShadow != null
            && keepsTransaction(config.bUrl()) ? readOnlyShadow : null;
        this.quarantine = new Quarantine(config.integer(ConfigKey.QUARANTINE_FAILURES),
            config.duration(ConfigKey.QUARANTINE_BACK_OFF));
        int threads = config.integer(ConfigKey.SHADOW_THREADS);
        int capacity = config.integer(ConfigKey.SHADOW_QUEUE);
        // A queue whose hand-off wakes no worker (LingeringQueue): idle workers look again within
        // milliseconds, so a compared read costs the application's thread no futex wake-up.
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new LingeringQueue(capacity, Math.min(capacity / 2, WAKE_AT)), new DaemonThreads("shadow"),
            (task, executor) -> {
                throw QUEUE_FULL;
            });
        this.shadow = shadow;
        this.authoritative = authoritative;
        this.rules = NormalizationRules.of(config);
        this.scope = TableScope.of(config);
        this.exclusions = ReadExclusions.of(config);
        this.pairedInTransaction = "paired".equals(config.text(ConfigKey.SHADOW_IN_TRANSACTION));
        this.inTransactionRate = config.number(ConfigKey.SHADOW_IN_TRANSACTION_SAMPLE_RATE);
        this.inTransactionBudgetNanos = config.duration(ConfigKey.SHADOW_IN_TRANSACTION_BUDGET).toNanos();
        this.recheck = config.flag(ConfigKey.COMPARE_RECHECK);
        this.recheckAttempts = config.integer(ConfigKey.COMPARE_RECHECK_ATTEMPTS);
        this.calibrate = config.flag(ConfigKey.COMPARE_CALIBRATE);
        this.shadowIsB = shadowIsB;
        this.events = events;
        this.renderer = ValueRenderer.of(config.text(ConfigKey.LOG_VALUES));
        this.keepRows = config.integer(ConfigKey.COMPARE_KEEP_ROWS);
        this.budget = new ShadowBudget(config.number(ConfigKey.SHADOW_BUDGET), config.number(ConfigKey.SHADOW_SAMPLE_RATE),
            System.nanoTime());
        this.timeout = config.duration(ConfigKey.B_STATEMENT_TIMEOUT);
        this.sessionTimeout = shadowIsB && ShadowSession.timeoutSql(config.bUrl(), timeout) != null;
        this.phase = phase;
        this.content = new DiffContent(this, shadowIsB ? authoritative : shadow, renderer);
        // After a phase change one direction may go unused: its idle workers end.
        this.workers.allowCoreThreadTimeOut(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("shadow-budget"));
        this.ticker.scheduleAtFixedRate(this::tick, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * What a connection of B's read pool runs when the pool opens it (its session read-only), or
     * null when B's engine has no read-only session the replay can rely on: then there is no read
     * pool, and replays run in a rolled-back read-only transaction on B's own pool.
     */
    public static String readPoolInitSql(String bUrl, Duration timeout) {
        ReadOnlySession s = ReadOnlySession.of(bUrl, timeout);
        return s == null ? null : s.initSql();
    }

    /**
     * B's read pool: what its connections run when opened, and whether they stay in auto-commit.
     *
     * @param initSql run on each new connection, or null
     * @param autoCommit true: the session is read-only and a replay runs in auto-commit; false: the
     *                   connection stays in a read-only transaction that each replay rolls back
     */
    public record ReadPool(String initSql, boolean autoCommit) {
    }

    /**
     * The read pool replays on B use, or null when they use B's own pool: a read-only session
     * ({@link #readPoolInitSql}: PostgreSQL, MariaDB), or a kept read-only transaction (H2, which has
     * no read-only session: there the pool's connections are not in auto-commit, and each replay is
     * its query and a rollback instead of four access-mode and auto-commit changes around them).
     */
    public static ReadPool readPool(String bUrl, Duration timeout) {
        String initSql = readPoolInitSql(bUrl, timeout);
        if (initSql != null) {
            return new ReadPool(initSql, true);
        }
        return keepsTransaction(bUrl) ? new ReadPool(ShadowSession.timeoutSql(bUrl, timeout), false) : null;
    }

    /** Whether B's read pool keeps its connections in a read-only transaction (H2). */
    private static boolean keepsTransaction(String bUrl) {
        return bUrl != null && bUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
    }

    /** How often the sampled share is adjusted to the budget. */
    static final Duration TICK = Duration.ofMillis(500);
    /** The interval of the {@code dropped} aggregates: one event per fingerprint per interval, at most. */
    static final Duration DROPPED_INTERVAL = Duration.ofSeconds(5);

    private void tick() {
        try {
            budget.adjust(System.nanoTime());
            if (++ticks % (DROPPED_INTERVAL.toMillis() / TICK.toMillis()) == 0) {
                publishDropped();
            }
        } catch (RuntimeException e) {
            // A failed tick must not end the schedule (a thrown exception would cancel it).
        }
    }

    /** Publishes one {@code dropped} event per fingerprint that had drops since the last time, with their count. */
    void publishDropped() {
        drops.drain(g -> {
            DroppedReads.Tally t = g.tally();
            SideResult authoritativeSide = SideResult.read(g.rows(), g.nanos(), null);
            SideResult a = shadowIsB ? authoritativeSide : SideResult.NOT_RUN;
            SideResult b = shadowIsB ? SideResult.NOT_RUN : authoritativeSide;
            String fp = t.info == null ? DroppedReads.OTHER : t.info.fingerprint();
            events.publish(new ComparisonEvent(System.currentTimeMillis(), "read", phase.get(), Outcome.DROPPED, "queue_full",
                fp, t.sql, null, a, b, t.info == null ? List.of() : t.info.tables(), null,
                t.info == null ? List.of() : t.info.nondeterministic(), null, null, null, null, null, g.count()));
        });
    }

    /** Whether this read is sampled (decided before any per-row work is done). */
    public boolean sampled() {
        return budget.sampled();
    }

    /** The share of reads sampled now ({@code dualaccess.shadow.sample-rate}, lowered to keep within the budget). */
    public double sampledShare() {
        return budget.share();
    }

    /** A worker spent CPU on a replay since {@code cpuBefore} (its thread's CPU clock): charged to the budget. */
    void charge(long cpuBefore) {
        budget.charge(ShadowBudget.threadCpu() - cpuBefore);
    }

    /** Whether the migration covers every table of this read (a join with an uncovered table cannot be replayed). */
    public boolean covers(StatementInfo info) {
        return scope.everything() || scope.coversAll(info.tables());
    }

    /**
     * Whether this read, made inside a transaction that has written, is compared on the paired
     * connection ({@code dualaccess.shadow.in-transaction=paired}, sampled at
     * {@code dualaccess.shadow.in-transaction.sample-rate}); else it is skipped ({@code in-transaction}).
     */
    public boolean comparesInTransaction() {
        return pairedInTransaction && (inTransactionRate >= 1
            || inTransactionRate > 0 && ThreadLocalRandom.current().nextDouble() < inTransactionRate);
    }

    /**
     * Replays a read made inside a writing transaction on the shadow side's connection of that
     * transaction, on the application's thread (the connection belongs to it), within the
     * transaction's budget; compares and publishes. Not re-checked: no other connection sees the
     * transaction's rows.
     */
    void replayInTransaction(ReadCapture c, ResultDigest a) {
        long limit = a.complete() ? Long.MAX_VALUE : a.rowCount();
        long start = System.nanoTime();
        ResultDigest b;
        try {
            // The paired connection is the shadow side's: it runs the read's translation.
            b = c.paired().readInTransaction(
                (conn, seconds) -> query(conn, c, true, rs -> shadowDigest(rs, limit, a.rules(), c, a), seconds),
                inTransactionBudgetNanos, c.transaction());
        } catch (SQLException | RuntimeException e) {
            long nanos = System.nanoTime() - start;
            if (Quarantine.aboutStatement(e)) {
                quarantine.failed(c.info().fingerprint(), System.nanoTime());
            }
            publish(c, timedOut(e) ? Outcome.TIMEOUT : Outcome.B_ERROR, null, SideResult.read(a.rowCount(), c.aNanos(), null),
                SideResult.read(-1, nanos, ErrorText.describe(e)), null);
            return;
        }
        if (b == null) {
            // No healthy shadow transaction (the writes did not all reach it), or the budget is spent.
            skipped(c, "in-transaction", a);
            return;
        }
        long bNanos = System.nanoTime() - start;
        quarantine.succeeded(c.info().fingerprint());
        b = byPosition(c, b, a);
        // A's digest as A's, whichever side is authoritative (as in replay).
        ComparisonResult result = compare(a, b, ordered(c, noise(c.info().fingerprint())));
        Outcome outcome = verdict(result);
        // Not located by re-reading: other connections cannot see this transaction's rows.
        Map<String, Object> diff = outcome == Outcome.MISMATCH
            ? content.diff(c, result, shadowIsB ? a : b, shadowIsB ? b : a, limit, false) : null;
        publish(c, outcome, outcome == Outcome.MATCH ? "paired" : result.reason(), SideResult.read(a.rowCount(), c.aNanos(), null),
            SideResult.read(b.rowCount(), bNanos, null), diff);
    }

    /**
     * Why this read is not application data and is never compared ({@code own_object},
     * {@code session}, {@code schema_tool}, {@code catalog}; see {@link ReadExclusions}), or null.
     */
    public String excluded(StatementInfo info) {
        return exclusions.reason(info);
    }

    /**
     * Starts capturing a read the application is about to consume; null when the read cannot be
     * translated for the shadow side, or its fingerprint is quarantined (then it is recorded as
     * skipped, and nothing is digested).
     */
    public ReadCapture capture(StatementInfo info, String sql, Param[] params, long startNanos, String tx) {
        // No cache lookup while nothing is quarantined (the usual case): a compared read pays no access bookkeeping.
        if (quarantine.active(info.fingerprint())) {
            if (quarantine.reportDue(info.fingerprint(), startNanos)) {
                publish(new ReadCapture(this, info, sql, params, startNanos, tx), Outcome.SKIPPED, "quarantined",
                    SideResult.NOT_RUN, SideResult.NOT_RUN, null);
            }
            return null;
        }
        Translator t = translator.get();
        if (!t.active()) {
            if (params != null && CapturedParameters.unreplayableReason(params) != null) {
                // A stream, reader, LOB or array of A's connection cannot be read twice, nor handed to another driver.
                publish(new ReadCapture(this, info, sql, params, startNanos, tx), Outcome.SKIPPED, "unreplayable_parameter",
                    SideResult.NOT_RUN, SideResult.NOT_RUN, null);
                return null;
            }
            return new ReadCapture(this, info, sql, params, startNanos, tx);
        }
        // On the application's thread: an array parameter is read while the application's array is alive.
        ShadowSql.Execution e = ShadowSql.of(t, sql, info.fingerprint(), params);
        if (e.skipped()) {
            ReadCapture c = new ReadCapture(this, info, sql, params, startNanos, tx);
            publish(c, Outcome.SKIPPED, e.skipReason(), SideResult.NOT_RUN, SideResult.read(-1, 0, e.message()), null);
            return null;
        }
        if (e.params() != null && CapturedParameters.unreplayableReason(e.params()) != null) {
            // The translation bound the array's elements (read above); anything else connection-bound stays unreplayable.
            publish(new ReadCapture(this, info, sql, params, startNanos, tx), Outcome.SKIPPED, "unreplayable_parameter",
                SideResult.NOT_RUN, SideResult.NOT_RUN, null);
            return null;
        }
        return new ReadCapture(this, info, sql, params, startNanos, tx, e);
    }

    /** The rules to digest a read of this fingerprint by: the configured ones, less its calibrated noisy columns. */
    NormalizationRules rules(String fingerprint) {
        if (noise.isEmpty()) {
            return rules;
        }
        Learned l = noise.get(fingerprint);
        return l == null ? rules : l.rules();
    }

    /** The noise calibration has learned for a fingerprint (NONE when nothing). */
    public Noise noise(String fingerprint) {
        Learned l = noise.get(fingerprint);
        return l == null ? Noise.NONE : l.noise();
    }

    int keepRows() {
        return keepRows;
    }

    /** Reads not compared because the queue was full: exact (the log aggregates them per fingerprint and interval). */
    public long dropped() {
        return drops.total();
    }

    /** The replays' statements kept on B's pooled connections (for tests). */
    KeptStatements replayStatements() {
        return statements;
    }

    /** Reads waiting for a worker. */
    public int depth() {
        return workers.getQueue().size();
    }

    /**
     * Whether {@link #skip} puts a skipped read's parameters in its event: not when skipped reads are
     * aggregated ({@code dualaccess.log.aggregate}), so the caller need not copy them.
     */
    public boolean skipShowsParameters() {
        return !events.aggregates(Outcome.SKIPPED);
    }

    /** Publishes a read that is not replayed at all, with the reason (for example {@code in-transaction}). */
    public void skip(StatementInfo info, String sql, Param[] params, String reason) {
        if (events.aggregates(Outcome.SKIPPED)) {
            // dualaccess.log.aggregate: counted into the aggregate, no event nor parameters rendered.
            events.count("read", phase.get(), Outcome.SKIPPED, reason, info.fingerprint(), sql, info.tables(),
                info.nondeterministic(), SideResult.NOT_RUN, SideResult.NOT_RUN, null, RequestContext.current(), 1);
            return;
        }
        // As publish(ReadCapture, …) for a read never captured: no capture (nor its request and trace context) is made.
        events.publish(new ComparisonEvent(System.currentTimeMillis(), "read", phase.get(), Outcome.SKIPPED, reason,
            info.fingerprint(), sql, renderer.params(params), SideResult.NOT_RUN, SideResult.NOT_RUN, info.tables(), null,
            info.nondeterministic(), null, RequestContext.current()));
    }

    /** Publishes a read that is not replayed (skipped with a reason). */
    void skipped(ReadCapture c, String reason, ResultDigest a) {
        publish(c, Outcome.SKIPPED, reason, SideResult.read(a == null ? -1 : a.rowCount(), c.aNanos(), null), SideResult.NOT_RUN, null);
    }

    /** Queues the replay of a completed read; a full queue drops it. */
    void submit(ReadCapture c, long rows) {
        try {
            workers.execute(c);
        } catch (RejectedExecutionException full) {
            queueFull = true;
            dropped(c, rows);
        }
    }

    /**
     * Whether the queue is full now: a read starting now would be dropped, so it is not digested at
     * all. While no hand-off has found the queue full since it was last seen with room, this is one
     * read of a volatile flag (the queue's own count takes its lock); after one did, the queue is
     * looked at until it has room again. So the first read of a saturation is digested and then
     * dropped at its hand-off, as any read whose queue filled while it ran.
     */
    boolean saturated() {
        if (!queueFull) {
            return false;
        }
        if (workers.getQueue().remainingCapacity() == 0) {
            return true;
        }
        queueFull = false;
        return false;
    }

    /**
     * Counts a read the full queue dropped; {@code rows} is what the application read of it. No event
     * per read: the drops of a fingerprint are published together once per {@link #DROPPED_INTERVAL}.
     */
    void dropped(ReadCapture c, long rows) {
        drops.add(c.info(), c.sql(), rows, c.aNanos());
    }

    /** Replays a read on the shadow side and compares it with the authoritative side's digest (on a worker). */
    void replay(ReadCapture c, ResultDigest a) {
        // An ordered prefix read by the application is compared on the same prefix.
        long limit = a.complete() ? Long.MAX_VALUE : a.rowCount();
        long start = System.nanoTime();
        ResultDigest b;
        try {
            beforeWorkerRead();
            b = runShadow(c, limit, a.rules(), a);
        } catch (SQLException | RuntimeException e) {
            long nanos = System.nanoTime() - start;
            if (Quarantine.aboutStatement(e)) {
                quarantine.failed(c.info().fingerprint(), System.nanoTime());
            }
            publish(c, timedOut(e) ? Outcome.TIMEOUT : Outcome.B_ERROR, null, SideResult.read(a.rowCount(), c.aNanos(), null),
                SideResult.read(-1, nanos, ErrorText.describe(e)), null);
            return;
        }
        long bNanos = System.nanoTime() - start;
        quarantine.succeeded(c.info().fingerprint());
        Noise known = noise(c.info().fingerprint());
        ComparisonResult result = compare(a, b, ordered(c, known));
        // The digests the reported result compared, as A's and B's.
        ResultDigest onA = shadowIsB ? a : b;
        ResultDigest onB = shadowIsB ? b : a;
        Outcome outcome = verdict(result);
        String reason = result.reason();
        Noise discounted = known;
        if (outcome == Outcome.MISMATCH && (recheck || calibrate)) {
            Noise learned = calibrate ? calibrate(c, a, limit) : Noise.NONE;
            discounted = known.plus(learned);
            try {
                Rechecked again = recheck(c, limit, a, b, learned, discounted);
                if (again.result().matched()) {
                    // Agreeing now: either the difference was noise calibration just explained, or a
                    // write raced the first comparison.
                    outcome = explains(learned, result) ? Outcome.MATCH : Outcome.TRANSIENT;
                    reason = outcome == Outcome.MATCH ? "noise_discounted" : null;
                } else if (!again.settled()) {
                    // Still different, but a side's answer moved between every two reads: writes in
                    // flight on its tables, never caught between two reads. The first difference is shown.
                    outcome = Outcome.TRANSIENT;
                    reason = UNSETTLED;
                } else {
                    result = again.result();
                    reason = result.reason();
                    onA = shadowIsB ? again.a() : again.b();
                    onB = shadowIsB ? again.b() : again.a();
                }
            } catch (SQLException | RuntimeException e) {
                reason = "recheck_failed";
            }
        }
        if (outcome != Outcome.MISMATCH && events.aggregating("read", phase.get(), outcome, reason, c.info().fingerprint())) {
            // Counted into an aggregate its first read made (dualaccess.log.aggregate): that one's diff is the one shown.
            publish(c, outcome, reason, SideResult.read(a.rowCount(), c.aNanos(), null), SideResult.read(b.rowCount(), bNanos, null),
                null);
            return;
        }
        Map<String, Object> diff = outcome == Outcome.MISMATCH || outcome == Outcome.TRANSIENT
            ? content.diff(c, result, onA, onB, limit, outcome == Outcome.MISMATCH) : null;
        if (!discounted.none()) {
            diff = diff == null ? new LinkedHashMap<>() : diff;
            diff.put("noisy_columns", List.copyOf(discounted.columns()));
            diff.put("noisy_order", discounted.order());
        }
        List<String> lobs = c.notCompared();
        if (lobs != null) {
            diff = diff == null ? new LinkedHashMap<>() : diff;
            diff.put("not_compared", lobs);
            diff.put("not_compared_reason", "lob_not_read_before_application");
        }
        publish(c, outcome, reason, SideResult.read(a.rowCount(), c.aNanos(), null), SideResult.read(b.rowCount(), bNanos, null), diff);
    }

    /** The reason of a {@code transient} read whose result kept moving through every re-check. */
    static final String UNSETTLED = "unsettled";

    /**
     * The last re-check of a mismatching read: the authoritative side's digest {@code a}, the shadow
     * side's {@code b}, their comparison, and whether the difference settled (when it did not match).
     */
    private record Rechecked(ResultDigest a, ResultDigest b, ComparisonResult result, boolean settled) {
    }

    /**
     * Re-reads a mismatching read on both sides until they agree, or until they disagree at a moment
     * when no write of this process was in flight on the read's tables ({@link TableWrites}): then
     * the difference is B's data, a {@code mismatch}. A re-read of A that now answers what B answered
     * the time before ends it without reading B again (A's rows moved on after the application's
     * read). While writes are in flight (a transaction that wrote the tables is open, or an
     * auto-commit write began within {@link #IN_FLIGHT_NANOS}), a difference may be a write that
     * reached one side and not yet the other: the re-check waits a little and reads both again, up to
     * {@code dualaccess.compare.recheck.attempts} times; a read that never agrees nor meets a quiet
     * moment is {@code transient} {@code unsettled}.
     *
     * @param a the application's read of the authoritative side
     * @param b the replay on the shadow side
     */
    private Rechecked recheck(ReadCapture c, long limit, ResultDigest a, ResultDigest b, Noise learned, Noise discounted)
            throws SQLException {
        NormalizationRules r = rules(c.info().fingerprint());
        boolean ordered = ordered(c, discounted);
        List<String> tables = c.info().tables();
        ResultDigest prevB = b;
        Rechecked last = null;
        for (int attempt = 1; attempt <= recheckAttempts; attempt++) {
            if (attempt > 1 && !pauseBeforeRecheck(attempt)) {
                // The workers are stopping (the runtime closes): no more reads of either side.
                break;
            }
            long since = System.nanoTime() - IN_FLIGHT_NANOS;
            boolean quietBefore = writes.quietSince(tables, since);
            beforeWorkerRead();
            ResultDigest a2 = run(authoritative, c, limit, r);
            if (learned.none() && sameRules(r, prevB.rules())) {
                // A, read again after B's read, now answers what B answered: A's rows moved on
                // between the reads (a write raced them), and B need not be read again. A real
                // difference stays: A does not come to B's wrong rows.
                ComparisonResult caughtUp = compare(a2, prevB, ordered);
                if (caughtUp.matched()) {
                    return new Rechecked(a2, prevB, caughtUp, true);
                }
            }
            beforeWorkerRead();
            ResultDigest b2 = runShadow(c, limit, r, a2);
            ComparisonResult again = compare(a2, b2, ordered);
            if (again.matched()) {
                return new Rechecked(a2, b2, again, true);
            }
            // Both read while nothing of this process was writing their tables: the difference is real
            // (as far as this process knows; a value differing on its own, now() or random(), is calibration's business).
            boolean settled = quietBefore && writes.quietSince(tables, since);
            last = new Rechecked(a2, b2, again, settled);
            if (settled) {
                return last;
            }
            prevB = b2;
        }
        return last;
    }

    /**
     * Waits before re-check {@code attempt} (from 2), so writes in flight can land on both sides;
     * false when the worker is interrupted (the workers are stopping).
     */
    private static boolean pauseBeforeRecheck(int attempt) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(IN_FLIGHT_NANOS * (attempt - 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean sameRules(NormalizationRules x, NormalizationRules y) {
        return x == y || x.equals(y);
    }

    /**
     * How long after an auto-commit write began its table counts as written to: its commit on A and
     * its mirror on B happen inside the statement. Also the pause before a re-check's second attempt
     * (each later one waits this much longer).
     */
    static final long IN_FLIGHT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Notes a statement that writes {@code info}'s tables, routed now on a connection of this
     * process, for the re-check ({@link TableWrites}).
     *
     * @param inTransaction whether it runs in an open transaction, which holds its tables until
     *                      {@link #writesEnded}
     * @param held the bits the transaction holds already
     * @return the bits of the statement's tables, for the transaction to hold
     */
    public long wrote(StatementInfo info, boolean inTransaction, long held) {
        List<String> tables = info.tables();
        return tables.isEmpty() ? 0 : writes.wrote(tables, System.nanoTime(), inTransaction, held);
    }

    /** Notes a batch (its tables are not known here): a write to every table. */
    public long wroteBatch(boolean inTransaction, long held) {
        return writes.wroteUnknown(System.nanoTime(), inTransaction, held);
    }

    /** A transaction holding the tables of {@code bits} ({@link #wrote}) ended: committed on both sides, rolled back, or closed. */
    public void writesEnded(long bits) {
        writes.ended(bits, System.nanoTime());
    }

    /** For tests: run before each read a worker makes of a side (replay, re-check), to land a write between them; null in use. */
    volatile Runnable beforeWorkerRead;

    private void beforeWorkerRead() {
        Runnable r = beforeWorkerRead;
        if (r != null) {
            r.run();
        }
    }

    /**
     * Compares the authoritative side's digest with the shadow side's, handing them to the
     * comparison as A and B (the databases): in {@code b-shadow-a} the authoritative side is B, and
     * every {@code *_a} field of the diff must still describe A.
     */
    private ComparisonResult compare(ResultDigest authoritativeDigest, ResultDigest shadowDigest, boolean ordered) {
        return shadowIsB ? DigestComparison.compare(authoritativeDigest, shadowDigest, ordered)
            : DigestComparison.compare(shadowDigest, authoritativeDigest, ordered);
    }

    private static Outcome verdict(ComparisonResult result) {
        return switch (result.verdict()) {
            case MATCH -> Outcome.MATCH;
            case SKIPPED -> Outcome.SKIPPED;
            default -> Outcome.MISMATCH;
        };
    }

    private static boolean ordered(ReadCapture c, Noise noise) {
        return c.info().orderBy() && !noise.order();
    }

    /** Whether learned noise accounts for the first difference found. */
    private static boolean explains(Noise learned, ComparisonResult result) {
        if (learned.none()) {
            return false;
        }
        ComparisonResult.Difference f = result.firstDifference();
        if (f != null && f.column() != null && learned.columns().contains(f.column().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return learned.order() && result.ordered();
    }

    /**
     * Runs the read once more on the authoritative side (A/A) and learns what differs there on its
     * own, remembering it for the fingerprint. Nothing is learned when that run fails.
     */
    private Noise calibrate(ReadCapture c, ResultDigest a, long limit) {
        String fingerprint = c.info().fingerprint();
        try {
            ResultDigest again = run(authoritative, c, limit, a.rules());
            Noise found = Noise.between(a, again);
            if (found.none() || noise.size() >= MAX_NOISY_FINGERPRINTS && !noise.containsKey(fingerprint)) {
                return found;
            }
            noise.compute(fingerprint, (fp, old) -> {
                Noise all = old == null ? found : old.noise().plus(found);
                return new Learned(all, all.discount(rules));
            });
            return found;
        } catch (SQLException | RuntimeException e) {
            return Noise.NONE;
        }
    }

    private static boolean timedOut(Exception e) {
        return ShadowSession.timedOut(e);
    }

    /** Runs the read on the shadow side (its translation, if any), digested under the authoritative side's labels. */
    private ResultDigest runShadow(ReadCapture c, long limit, NormalizationRules by, ResultDigest authoritativeDigest)
            throws SQLException {
        ResultReader<ResultDigest> reader = rs -> shadowDigest(rs, limit, by, c, authoritativeDigest);
        if (keptTransactionShadow != null) {
            return byPosition(c, inKeptTransaction(c, reader), authoritativeDigest);
        }
        if (readOnlyShadow != null && (readOnly.streamsInAutoCommit() || authoritativeDigest.rowCount() <= FETCH_SIZE)) {
            return byPosition(c, inAutoCommit(c, reader), authoritativeDigest);
        }
        return byPosition(c, withResult(shadow, true, c, reader), authoritativeDigest);
    }

    /**
     * Replays on B's read pool in auto-commit: one round trip. PostgreSQL's driver reads a whole
     * auto-commit result at once, so there the replay stops one row past a fetch; a result that
     * reaches it (B answered far more rows than A) is read again streaming, in a read-only
     * transaction, for its exact digest. A session that no longer reports itself read-only gets the
     * read-only transaction too.
     */
    private ResultDigest inAutoCommit(ReadCapture c, ResultReader<ResultDigest> reader) throws SQLException {
        try (Connection conn = readOnlyShadow.open()) {
            Connection vendor = KeptStatements.vendor(conn);
            if (!readOnly.readOnlyNow(vendor)) {
                return inTransaction(conn, true, c, reader);
            }
            int cap = readOnly.streamsInAutoCommit() ? 0 : FETCH_SIZE + 1;
            ResultDigest d = query(conn, c, true, reader, 0, cap);
            if (cap > 0 && d.complete() && d.rowCount() >= cap) {
                return inTransaction(conn, true, c, reader);
            }
            return d;
        }
    }

    /**
     * Replays on B's read pool whose connections stay in a read-only transaction: the query, then
     * a rollback (which also undoes whatever a replayed function wrote). A connection found in
     * auto-commit (the pool's default changed under it) gets the rolled-back transaction of
     * {@link #inTransaction}.
     */
    private ResultDigest inKeptTransaction(ReadCapture c, ResultReader<ResultDigest> reader) throws SQLException {
        try (Connection conn = keptTransactionShadow.open()) {
            if (conn.getAutoCommit()) {
                return inTransaction(conn, true, c, reader);
            }
            ResultDigest d;
            try {
                d = query(conn, c, true, reader);
            } catch (SQLException | RuntimeException e) {
                try {
                    conn.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
            conn.rollback();
            return d;
        }
    }

    /** Runs the read on the authoritative side: the application's own SQL and parameters. */
    private ResultDigest run(ConnectionSource side, ReadCapture c, long limit, NormalizationRules by) throws SQLException {
        return withResult(side, false, c, rs -> digest(rs, limit, by, c.info(), false));
    }

    /**
     * The shadow side's digest under the authoritative side's labels when the read was translated
     * (the engines label expressions differently; a renamed column is the same column).
     */
    private static ResultDigest byPosition(ReadCapture c, ResultDigest shadowDigest, ResultDigest authoritativeDigest) {
        return c.byPosition() ? shadowDigest.labeled(authoritativeDigest.labels()) : shadowDigest;
    }

    /** Runs the read on A (the database), as A runs it: its translation when A is the shadow side. */
    <T> T onA(ReadCapture c, ResultReader<T> reader) throws SQLException {
        return shadowIsB ? withResult(authoritative, false, c, reader) : withResult(shadow, true, c, reader);
    }

    /** Runs the read on B (the database), as B runs it: its translation when B is the shadow side. */
    <T> T onB(ReadCapture c, ResultReader<T> reader) throws SQLException {
        return shadowIsB ? withResult(shadow, true, c, reader) : withResult(authoritative, false, c, reader);
    }

    /** Reads a result set of the read's replay. */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs the read on a side, read-only and rolled back, and hands its result to {@code reader}
     * (which may run another read inside, on another connection).
     *
     * @param shadowSide whether {@code side} is the shadow side (it runs the read's translation)
     */
    private <T> T withResult(ConnectionSource side, boolean shadowSide, ReadCapture c, ResultReader<T> reader)
            throws SQLException {
        try (Connection conn = side.open()) {
            return inTransaction(conn, shadowSide, c, reader);
        }
    }

    /** Runs the read on an open connection in a read-only transaction, rolled back, and gives the connection back as it was. */
    private <T> T inTransaction(Connection conn, boolean shadowSide, ReadCapture c, ResultReader<T> reader) throws SQLException {
        {
            // Read-only, and inside a transaction with a fetch size: PostgreSQL streams only then,
            // so a replay of a huge result costs the kept rows, not the result.
            boolean autoCommit = conn.getAutoCommit();
            conn.setReadOnly(true);
            if (autoCommit) {
                conn.setAutoCommit(false);
            }
            T result;
            try {
                result = query(conn, c, shadowSide, reader);
            } catch (SQLException | RuntimeException e) {
                // The read's own failure (a timeout, say) is what the event reports; trouble restoring
                // the connection afterwards is attached to it, never put in its place.
                restore(conn, autoCommit, e);
                throw e;
            }
            restore(conn, autoCommit, null);
            return result;
        }
    }

    /**
     * Ends the replay's transaction and gives the connection back as it was. With {@code primary},
     * failures are attached to it; without, the first one is thrown.
     */
    private static void restore(Connection conn, boolean autoCommit, Throwable primary) throws SQLException {
        SQLException first = null;
        for (int step = 0; step < 3; step++) {
            try {
                if (step == 0) {
                    conn.rollback();
                } else if (step == 1 && autoCommit) {
                    conn.setAutoCommit(true);
                } else if (step == 2) {
                    conn.setReadOnly(false);
                }
            } catch (SQLException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private <T> T query(Connection conn, ReadCapture c, boolean shadowSide, ResultReader<T> reader) throws SQLException {
        // B's pool bounds every statement of its sessions already: no query timeout per replay.
        return query(conn, c, shadowSide, reader, shadowSide && sessionTimeout ? 0 : ShadowSession.querySeconds(timeout));
    }

    /**
     * Runs the read: on the shadow side its translation (SQL and parameters), else the application's own.
     *
     * @param seconds the statement's query timeout, or 0 to leave the statement without one (the session bounds it)
     */
    private <T> T query(Connection conn, ReadCapture c, boolean shadowSide, ResultReader<T> reader, int seconds)
            throws SQLException {
        return query(conn, c, shadowSide, reader, seconds, -1);
    }

    /**
     * As above; with {@code maxRows} 0 or more, on B's read pool in auto-commit: the statement as
     * {@link ReadOnlySession} sends it, kept on the connection, stopping after {@code maxRows} rows
     * (0: no limit).
     */
    private <T> T query(Connection conn, ReadCapture c, boolean shadowSide, ResultReader<T> reader, int seconds,
                        int maxRows) throws SQLException {
        String text = shadowSide ? c.shadowSql() : c.sql();
        Param[] params = shadowSide ? c.shadowParams() : c.params();
        String unreplayable = params == null ? null : CapturedParameters.unreplayableReason(params);
        if (unreplayable != null) {
            // The shadow side binds the translation's elements; the application's array stays with its connection,
            // so the authoritative side is not re-read (re-check and calibration then learn nothing).
            throw new SQLException("dualaccess: not re-read: " + unreplayable);
        }
        boolean readPool = maxRows >= 0;
        String sql = replayText(text, LockingClause.present(c.info()), readPool);
        if (params == null) {
            try (Statement st = conn.createStatement()) {
                if (seconds > 0) {
                    st.setQueryTimeout(seconds);
                }
                st.setFetchSize(FETCH_SIZE);
                if (maxRows > 0) {
                    st.setMaxRows(maxRows);
                }
                try (ResultSet rs = st.executeQuery(sql)) {
                    return reader.read(rs);
                }
            }
        }
        if (shadowSide && (sessionTimeout || readPool)) {
            // B's pools: the statement prepared for this read on this connection before is run again.
            Connection vendor = KeptStatements.vendor(conn);
            try {
                PreparedStatement ps = statements.get(vendor, sql, FETCH_SIZE);
                // The same statement serves the auto-commit replay (capped) and a streaming one (not).
                ps.setMaxRows(Math.max(0, maxRows));
                CapturedParameters.applyAll(params, ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            } catch (SQLException | RuntimeException e) {
                statements.failed(vendor, sql);
                throw e;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (seconds > 0) {
                ps.setQueryTimeout(seconds);
            }
            ps.setFetchSize(FETCH_SIZE);
            CapturedParameters.applyAll(params, ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        }
    }

    /**
     * The text a replay sends: a locking read without its clause (read-only, and never holding
     * locks: {@link LockingClause}), on B's read pool as {@link ReadOnlySession} sends it. Made once
     * per text and kept (bounded), so a replay neither rebuilds nor re-hashes it.
     */
    private String replayText(String text, boolean locking, boolean readPool) {
        if (!locking && !(readPool && readOnly.rewrites())) {
            return text;
        }
        ConcurrentHashMap<String, String> cache = readPool ? readPoolTexts : strippedTexts;
        String sql = cache.get(text);
        if (sql == null) {
            sql = locking ? LockingClause.strip(text) : text;
            if (readPool) {
                sql = readOnly.statement(sql);
            }
            if (cache.size() < MAX_SHAPES) {
                cache.put(text, sql);
            }
        }
        return sql;
    }

    /** Replay texts made from the read's text (see {@link #replayText}), on B's read pool and elsewhere. */
    private final ConcurrentHashMap<String, String> readPoolTexts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> strippedTexts = new ConcurrentHashMap<>();

    /**
     * The digest of a read the application is consuming, on its thread: the result's shape (labels,
     * types, LOB columns left out) is read from the metadata once per fingerprint and reused while
     * the result keeps it, so a read costs its digest's state, not arrays and lists of its own.
     */
    RowDigest captureDigest(ReadCapture c, ResultSet rs) throws SQLException {
        String fp = c.info().fingerprint();
        NormalizationRules base = rules(fp);
        ResultSetMetaData md = rs.getMetaData();
        CapturedShape s = shapes.get(fp);
        if (s == null || s.base != base || !s.shape.matches(md)) {
            s = capturedShape(md, base);
            if (shapes.size() < MAX_SHAPES || shapes.containsKey(fp)) {
                shapes.put(fp, s);
            }
        }
        c.notCompared(s.notCompared);
        return ties(RowDigest.of(s.shape, keepRows), c.info());
    }

    /** The shape of a captured read and the LOB columns it leaves out, for the rules it was made under. */
    private record CapturedShape(NormalizationRules base, RowDigest.Shape shape, List<String> notCompared) {
    }

    /** Shapes of captured reads per fingerprint; beyond this many, a read's shape is read from its metadata. */
    static final int MAX_SHAPES = 10_000;
    private final ConcurrentHashMap<String, CapturedShape> shapes = new ConcurrentHashMap<>();

    /**
     * A captured read's shape: the fingerprint's rules, with LOB columns left out. The capture's
     * digest runs as the application advances, before it reads the row: reading a LOB or long
     * column here would consume what single-pass drivers (MySQL streaming, SQL Server adaptive
     * buffering) hand out once. B's digest uses the same rules, so both sides leave the same columns
     * out, and the event names them ({@code not_compared}).
     */
    private static CapturedShape capturedShape(ResultSetMetaData md, NormalizationRules base) throws SQLException {
        List<String> lobs = null;
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (isLob(md.getColumnType(i))) {
                if (lobs == null) {
                    lobs = new ArrayList<>();
                }
                lobs.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
        }
        NormalizationRules rules = lobs == null ? base : base.toBuilder().ignoreColumns(lobs).build();
        return new CapturedShape(base, RowDigest.Shape.of(md, rules), lobs == null ? null : List.copyOf(lobs));
    }

    private static boolean isLob(int sqlType) {
        return switch (sqlType) {
            case Types.BLOB, Types.CLOB, Types.NCLOB, Types.SQLXML, Types.LONGVARBINARY, Types.LONGVARCHAR,
                 Types.LONGNVARCHAR -> true;
            default -> false;
        };
    }

    /** Makes rows tied on the read's ORDER BY keys compare as multisets (see {@link RowDigest#tiesBy}). */
    private static RowDigest ties(RowDigest d, StatementInfo info) {
        if (info.orderBy()) {
            ResultShape shape = info.shape();
            String strict = !info.parsed() ? "the ORDER BY was not parsed"
                : shape.orderUnresolved() != null ? "order key " + shape.orderUnresolved() + " is not a result column"
                : shape.orderKeys().isEmpty() ? "the ORDER BY keys could not be read from the statement"
                : null;
            d.tiesBy(shape.orderKeys(), strict);
        }
        return d;
    }

    /**
     * The shadow side's digest of a read. A translated read's result is compared by position, so its
     * rows tie on the columns the authoritative side's did, or compare strictly when its did,
     * whatever the shadow engine labels them (PostgreSQL labels {@code cast(id as char)} {@code id},
     * MariaDB does not).
     */
    private ResultDigest shadowDigest(ResultSet rs, long limit, NormalizationRules by, ReadCapture c,
                                      ResultDigest authoritativeDigest) throws SQLException {
        if (!c.byPosition() || !c.info().orderBy()) {
            return digest(rs, limit, by, c.info(), true);
        }
        RowDigest d = RowDigest.of(replayShape(rs, by, c.info().fingerprint(), true), keepRows);
        String strict = authoritativeDigest.strictOrderReason();
        if (!authoritativeDigest.orderKeys().isEmpty()) {
            int[] ties = authoritativeDigest.tieColumns();
            if (ties == null || d.labels().size() != authoritativeDigest.labels().size()) {
                d.tiesBy(List.of(), "the shadow side's result columns do not line up with the order keys");
            } else {
                // By position, not by the shadow side's labels: a join fetch labels v.id and s.id both "id".
                d.tiesByColumns(ties);
            }
        } else {
            d.tiesBy(List.of(), strict);
        }
        return fill(d, rs, limit);
    }

    private ResultDigest digest(ResultSet rs, long limit, NormalizationRules by, StatementInfo info, boolean shadowSide)
            throws SQLException {
        return fill(ties(RowDigest.of(replayShape(rs, by, info.fingerprint(), shadowSide), keepRows), info), rs, limit);
    }

    /** Shapes of replayed results per fingerprint, each side's apart (the engines may label and type them differently). */
    private final ConcurrentHashMap<String, RowDigest.Shape> shadowShapes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RowDigest.Shape> authoritativeShapes = new ConcurrentHashMap<>();

    /**
     * The shape of a replayed result: read from its metadata once per fingerprint and side, and
     * reused while the result keeps its column count, labels and types and the rules are the same.
     */
    private RowDigest.Shape replayShape(ResultSet rs, NormalizationRules by, String fingerprint, boolean shadowSide)
            throws SQLException {
        ConcurrentHashMap<String, RowDigest.Shape> cache = shadowSide ? shadowShapes : authoritativeShapes;
        ResultSetMetaData md = rs.getMetaData();
        RowDigest.Shape s = cache.get(fingerprint);
        if (s != null && (s.rules() == by || s.rules().equals(by)) && s.matches(md)) {
            return s;
        }
        s = RowDigest.Shape.of(md, by);
        if (cache.size() < MAX_SHAPES || cache.containsKey(fingerprint)) {
            cache.put(fingerprint, s);
        }
        return s;
    }

    /** Folds in up to {@code limit} rows of the result. */
    private static ResultDigest fill(RowDigest d, ResultSet rs, long limit) throws SQLException {
        ResultRows rows = ResultRows.of(rs);
        long n = 0;
        boolean more = true;
        while (n < limit && (more = rows.next())) {
            d.add(rows);
            n++;
        }
        if (!more || limit == Long.MAX_VALUE) {
            d.markComplete();
        }
        return d.snapshot();
    }

    private void publish(ReadCapture c, Outcome outcome, String reason, SideResult authoritative, SideResult shadowSide,
                         Map<String, Object> diff) {
        shadowSide = shadowSide.withSql(c.translatedSql());
        SideResult a = shadowIsB ? authoritative : shadowSide;
        SideResult b = shadowIsB ? shadowSide : authoritative;
        if (events.aggregates(outcome)) {
            // dualaccess.log.aggregate: counted into the aggregate, no event nor parameters rendered.
            events.count("read", phase.get(), outcome, reason, c.info().fingerprint(), c.sql(), c.info().tables(),
                c.info().nondeterministic(), a, b, diff, c.request(), 1);
            return;
        }
        events.publish(new ComparisonEvent(System.currentTimeMillis(), "read", phase.get(), outcome, reason, c.info().fingerprint(),
            c.sql(), renderer.params(c.params()), a, b, c.info().tables(), c.tx(), c.info().nondeterministic(), diff,
            c.request()));
    }

    /** Stops the workers; queued replays are abandoned (they only compare, they never write). */
    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
        statements.forget();
        publishDropped();
    }
}
