package io.dualaccess.mirror;

import io.dualaccess.source.KeptStatements;
import io.dualaccess.events.ErrorText;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.route.Route;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.sql.SqlKind;
import io.dualaccess.sql.StatementInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pairs an application connection with a connection to the shadow side, so the shadow side sees
 * the same writes, in the same transactions, in the same order.
 *
 * <p>Rules: the authoritative side always runs first and its result or exception is what the
 * application gets; if it fails, nothing is mirrored. A mirrored statement runs while the
 * authoritative side still holds its locks, and commits follow the same order (authoritative,
 * then mirror), so conflicting writes from several connections reach the shadow side in the order
 * they took effect on the authoritative side. An autocommit write therefore runs as a short
 * transaction on both sides. A transaction reaches the shadow side whole or is journaled whole:
 * after any failure on the shadow side, the rest of the transaction is skipped there and, at its
 * end, the shadow side rolls back and every statement of the transaction is journaled.
 *
 * <p>With {@code dualaccess.mirror.pipeline=transaction} and a PostgreSQL shadow side, the mirrored
 * writes of an explicit transaction wait and go to the shadow side together, in one round trip,
 * before the application's commit reaches the authoritative side (and before anything else uses the
 * shadow connection): still while the authoritative side holds the transaction's locks. Each keeps
 * its own outcome and journal entries ({@link #flushPending}).
 *
 * <p>The shadow connection is taken from its pool at the first mirrored write of a transaction
 * and given back when the transaction ends, so the shadow pool need not be as large as the
 * application's.
 */
public final class PairedConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PairedConnection.class);
    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final Executor DIRECT = Runnable::run;

    private final Mirror mirror;
    private final Connection authoritative;
    private final ConnectionSource shadowSource;
    private final String id;
    /** The phase the application's connection pinned for its transaction: which tables are mirrored. */
    private PhaseSnapshot routing;

    private boolean autoCommit;
    private Integer isolation;
    private boolean readOnly;
    private long txSeq;
    private String txId;

    /**
     * What of the application's connection state the shadow side takes: not its isolation (B runs
     * READ COMMITTED, see {@link #isolationChanged}) nor its network timeout (bounded by the statement
     * timeout and the transaction's budget, see {@link #boundByBudget}).
     */
    private static final int REPLAYED_STATE = ~(ConnectionState.ISOLATION | ConnectionState.NETWORK_TIMEOUT);

    private Connection shadow;
    private boolean shadowDirty;
    /** The shadow connection's prepared statements of the open transaction, bound again when the transaction repeats a text. */
    private final ShadowStatements statements = new ShadowStatements();
    /** This connection's calls on the shadow side, watched by the breaker while they run (one at a time). */
    private final ShadowBreaker.Call call = new ShadowBreaker.Call();
    /** What the application set on its connection (schema, catalog, …), replayed on the shadow connection. */
    private ConnectionState appState;
    private boolean intentWritten;
    /** Time this transaction has spent on the shadow side, against {@code dualaccess.b.transaction-budget}. */
    private long txBNanos;
    private int networkTimeoutMillis = -1;
    /** Entries for a failed authoritative batch, journaled only if the application commits what A kept of it. */
    private final List<Runnable> journalOnCommit = new ArrayList<>();
    private int brokenAt = -1;
    private final List<TxStatement> txStatements = new ArrayList<>();
    private final Set<String> txTables = new LinkedHashSet<>();
    private boolean txOverflow;
    /** Time the open transaction spent on reads replayed inside it ({@link #readInTransaction}). */
    private long txReadNanos;
    /** Transactions ended on this connection so far (see {@link #transaction()}). */
    private long transactions;
    private Boolean abortsOnError;
    private final Map<Savepoint, Mark> savepoints = new IdentityHashMap<>();
    /** Placeholders of translated texts the pipeline scanned; made at the first (see {@link PipelineText.Scanned}). */
    private PipelineText.Scanned translatedTexts;
    /** Mirrored writes of the open transaction waiting to go to the shadow side together ({@link #flushPending}). */
    private final List<Pending> pending = new ArrayList<>();
    private int pendingParams;
    private long pendingBytes;

    /**
     * @param mirror the runtime's mirror
     * @param authoritative the application's vendor connection on the authoritative side
     * @param shadowSource where connections to the shadow side come from
     */
    public PairedConnection(Mirror mirror, Connection authoritative, ConnectionSource shadowSource) throws SQLException {
        this(mirror, authoritative, shadowSource, null);
    }

    /**
     * @param routing the phase the application's connection pinned (null: mirror whatever the mirror's scope allows)
     */
    public PairedConnection(Mirror mirror, Connection authoritative, ConnectionSource shadowSource,
                            PhaseSnapshot routing) throws SQLException {
        this.mirror = mirror;
        this.routing = routing;
        this.authoritative = authoritative;
        this.shadowSource = shadowSource;
        this.autoCommit = authoritative.getAutoCommit();
        this.id = Long.toString(CONNECTIONS.incrementAndGet(), 36);
    }

    /** The application's connection pinned another phase (at a transaction boundary): mirror by its tables from now on. */
    public void route(PhaseSnapshot snapshot) {
        this.routing = snapshot;
    }

    /** Whether the pinned phase mirrors writes to these tables. */
    private boolean routed(StatementInfo info) {
        PhaseSnapshot r = routing;
        return r == null || r.mirrors(info.tables());
    }

    /**
     * Runs a write the pinned phase mirrors but that cannot be: its statement was prepared before
     * mirroring began (phase {@code off}), so its parameters were never recorded. It runs on the
     * authoritative side only; then each execution, every element of a batch, is {@code skipped} with
     * reason {@code prepared_before_phase_change} and journaled with its SQL, its tables and the
     * authoritative side's update count, so verify knows where to look. If the authoritative side
     * fails, nothing is recorded, except for a batch, which may have kept part of its elements: one
     * entry for it then.
     */
    public <T> T unrecorded(Route route, String sql, AuthoritativeCall<T> call, Counts<T> counts) throws SQLException {
        StatementInfo info = route.info();
        long start = System.nanoTime();
        T result;
        try {
            result = call.run();
        } catch (BatchUpdateException e) {
            mirror.after(mirror.before(info, Work.plain(sql)).tx(txId())
                .authoritative(new SideResult(-1, System.nanoTime() - start, Mirror.message(e)))
                .outcome(Outcome.SKIPPED, PREPARED_BEFORE_PHASE_CHANGE, SideResult.NOT_RUN));
            throw e;
        }
        long aNanos = System.nanoTime() - start;
        long[] aCounts = counts.of(result);
        if (aCounts.length > 0) {
            // One execution, or a batch whose parameter sets were not recorded: one statement of the work per element.
            Work work = aCounts.length == 1 ? Work.plain(sql)
                : new Work(List.of(sql), Collections.nCopies(aCounts.length, (Param[]) null), true, true, null, null, null);
            mirror.after(mirror.before(info, work).tx(txId()).authoritative(new SideResult(total(aCounts), aNanos, null))
                .outcome(Outcome.SKIPPED, PREPARED_BEFORE_PHASE_CHANGE, SideResult.NOT_RUN));
        }
        return result;
    }

    private static final String PREPARED_BEFORE_PHASE_CHANGE = "prepared_before_phase_change";

    /** A mirrored statement of the open transaction, kept so a failed commit can journal it. */
    private record TxStatement(StatementInfo info, String sql, Param[] params, long aCount, boolean reachedShadow) {
    }

    /** Where the shadow side stood when the application set a savepoint. */
    private record Mark(Savepoint shadowSavepoint, int statements) {
    }

    // ---- reads inside a writing transaction (dualaccess.shadow.in-transaction=paired) ----------

    /** A read run on the shadow side's connection of the open transaction. */
    @FunctionalInterface
    public interface TransactionRead<T> {
        /** Runs the read; {@code timeoutSeconds} is what is left of the transaction's budget (at least 1). */
        T read(Connection shadow, int timeoutSeconds) throws SQLException;
    }

    /**
     * Runs a read on the shadow side inside the application's open transaction, where it sees the
     * same uncommitted writes as the application's read on the authoritative side. Only while the
     * shadow transaction holds every mirrored write so far (none skipped or failed), and while the
     * transaction has budget left: each transaction may spend {@code budgetNanos} on such reads, on
     * the application's thread. On PostgreSQL the read runs under a savepoint, so a failing read
     * (a timeout) leaves the shadow transaction usable.
     *
     * @param transaction {@link #transaction()} when the application made the read
     * @return the read's result, or null when it was not run (no healthy shadow transaction, budget
     *         spent, or the read's transaction has ended)
     * @throws SQLException the read's failure (the shadow transaction is intact)
     */
    public <T> T readInTransaction(TransactionRead<T> read, long budgetNanos, long transaction) throws SQLException {
        if (autoCommit || txReadNanos >= budgetNanos || transaction != transactions) {
            return null;
        }
        // The read must see the transaction's writes on the shadow side: those waiting go first.
        flushPending();
        if (shadow == null || brokenAt >= 0) {
            return null;
        }
        long left = budgetNanos - txReadNanos;
        int seconds = ShadowSession.querySeconds(left);
        long start = System.nanoTime();
        Savepoint sp = abortsOnError() ? shadow.setSavepoint() : null;
        try {
            T out = read.read(shadow, seconds);
            if (sp != null) {
                shadow.releaseSavepoint(sp);
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            if (sp != null) {
                try {
                    shadow.rollback(sp);
                } catch (SQLException r) {
                    e.addSuppressed(r);
                    markBroken(); // the shadow transaction is lost: its writes are journaled at its end
                }
            }
            throw e;
        } finally {
            txReadNanos += System.nanoTime() - start;
        }
    }

    /**
     * The number of the open transaction: a read is replayed in the transaction it was made in,
     * never in a later one (a result read to its end only after a commit).
     */
    public long transaction() {
        return transactions;
    }

    /** Whether an error aborts the shadow side's transaction (PostgreSQL): then a read needs a savepoint. */
    private boolean abortsOnError() throws SQLException {
        Boolean a = abortsOnError;
        if (a == null) {
            a = shadow.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            abortsOnError = a;
        }
        return a;
    }

    // ---- statements -------------------------------------------------------------------------

    private static final StatementInfo NO_SQL = new StatementInfo(SqlKind.OTHER, List.of(), false,
        List.of(), "", null, false);

    /** The classification of a SQL text (cached); a null text is left for the driver to refuse. */
    public StatementInfo classify(String sql) {
        return sql == null ? NO_SQL : mirror.classify(sql);
    }

    /**
     * The column whose generated values must be carried to the shadow side for this INSERT, or null:
     * the authoritative side generates it and the statement does not list it. Asked when a statement
     * is prepared (no route yet); an execute asks {@link #keyColumn(Route)}.
     */
    public String keyColumn(StatementInfo info) {
        return mirrors(info) ? generatedKeyColumn(info) : null;
    }

    /** As {@link #keyColumn(StatementInfo)}, for an execute whose route decided already whether it is mirrored. */
    public String keyColumn(Route route) {
        return route.mirrored() ? generatedKeyColumn(route.info()) : null;
    }

    private String generatedKeyColumn(StatementInfo info) {
        StatementInfo.InsertShape shape = info.insert();
        if (shape == null || shape.columns().isEmpty()) {
            return null;
        }
        String column = mirror.keyColumn(authoritative, shape.table());
        if (column == null || shape.columns().contains(column.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return column;
    }

    /** Completes a work after the authoritative side ran it (adds the keys it generated). */
    @FunctionalInterface
    public interface Completion {
        /** The work to mirror, given what the authoritative side did. */
        Work complete(Work work) throws SQLException;
    }

    /** Whether statements of this shape are mirrored or passed on as transaction control. */
    public boolean concerns(StatementInfo info) {
        return mirror.isTransactionControl(info) || mirrors(info);
    }

    /** Whether the mirror's scope and the pinned phase mirror a write of this shape (the question a {@link Route} answers once). */
    public boolean mirrors(StatementInfo info) {
        return mirror.mirrors(info) && routed(info);
    }

    /**
     * Runs the application's call on the authoritative side, then the same work on the shadow side.
     *
     * @param route this execute's route, decided once (its classification is that of {@code work}'s
     *              SQL, the first text the pair mirrors for a plain batch)
     * @param work what to repeat on the shadow side
     * @param call the application's call
     * @param counts how to read update counts from the call's result
     */
    public <T> T write(Route route, Work work, AuthoritativeCall<T> call, Counts<T> counts) throws SQLException {
        return write(route, work, call, counts, null, null);
    }

    /** Keeps the authoritative statement's warnings before the short transaction's commit clears them (MariaDB). */
    @FunctionalInterface
    public interface Warnings {
        /** Reads and keeps the statement's warnings. */
        void keep() throws SQLException;
    }

    /**
     * As {@link #write(Route, Work, AuthoritativeCall, Counts)}, completing the work after
     * the authoritative call (with the keys it generated).
     */
    public <T> T write(Route route, Work work, AuthoritativeCall<T> call, Counts<T> counts, Completion completion,
                       Warnings warnings) throws SQLException {
        if (route.transactionControl()) {
            String text = work.sql().trim().toLowerCase(Locale.ROOT);
            if (text.startsWith("commit") || text.startsWith("end")) {
                beforeCommit();
            }
            T r = call.run();
            transactionControl(work.sql());
            return r;
        }
        if (!route.mirrored()) {
            // Prepared while the phase mirrored this table; the phase pinned now does not.
            return call.run();
        }
        StatementInfo info = route.info();
        // Autocommit writes run as a short transaction on both sides, so the mirror runs under A's
        // locks. Not where that would change what A does: batches (a failing element must leave
        // the earlier ones committed, as in autocommit), DDL (implicitly committing on MariaDB),
        // and read-only connections (PostgreSQL makes explicit transactions read-only, autocommit
        // statements not).
        // Nor for a write that returns rows run as an update (executeUpdate of INSERT … RETURNING):
        // PostgreSQL's driver refuses it after it ran, and in autocommit the row stays on A.
        boolean shortTx = autoCommit && !work.batch() && info.kind() == SqlKind.WRITE && !readOnly
            && !(info.returnsRows() && counts instanceof UpdateCounts);
        if (shortTx) {
            authoritative.setAutoCommit(false);
        }
        // The observation pair around the call: before it, and after the mirror (Mirror.after).
        WriteObservation o = mirror.before(info, work);
        long start = System.nanoTime();
        T result;
        try {
            result = call.run();
        } catch (SQLException | RuntimeException | Error e) {
            if (shortTx) {
                restoreAfterFailure(e);
            } else if (e instanceof BatchUpdateException) {
                // A may have kept part of the batch (autocommit, or a transaction the application
                // commits anyway): the mirror cannot know which part, so the batch is journaled.
                authoritativeBatchFailed(o, (BatchUpdateException) e, System.nanoTime() - start);
            }
            throw e;
        }
        long aNanos = System.nanoTime() - start;
        if (shortTx && warnings != null) {
            warnings.keep();
        }
        long[] aCounts = counts.of(result);
        boolean ownTransaction = autoCommit && !shortTx;
        if (completion != null) {
            work = complete(info, work, completion, aCounts);
        }
        SQLException failure = mirrorWork(o.work(work), aCounts, aNanos);
        if (shortTx) {
            finishShortTransaction();
        } else if (ownTransaction) {
            // A committed on its own (autocommit): the mirror commits its copy now.
            endTransaction(true);
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /**
     * The work with the keys the authoritative side generated. The completion always runs (it also
     * keeps the application's copy of the keys), but its keys are only needed for rows A inserted:
     * a statement that changed no row on A (an idempotent {@code INSERT … SELECT … WHERE NOT EXISTS}
     * whose row is there already) is mirrored as it is, with no keys and nothing to journal; an
     * {@code INSERT … SELECT} that did insert has no VALUES rows to carry its keys.
     */
    private static Work complete(StatementInfo info, Work work, Completion completion, long[] aCounts) {
        Work keyed;
        try {
            keyed = completion.complete(work);
        } catch (SQLException | RuntimeException e) {
            keyed = work.withProblem(Mirror.message(e));
        }
        if (changedNothing(aCounts)) {
            return work;
        }
        StatementInfo.InsertShape shape = info.insert();
        if (shape != null && shape.rows() == 0) {
            long rows = total(aCounts);
            return work.withProblem("the authoritative side inserted " + (rows < 0 ? "an unknown number of" : rows)
                + " row(s) with INSERT … SELECT, which has no VALUES rows to carry their generated keys");
        }
        if (keyed.problem() != null && total(aCounts) >= 0) {
            // The key reader counts VALUES rows; say what A actually changed next to it.
            return keyed.withProblem(keyed.problem() + " (the authoritative side's update count: " + total(aCounts) + ")");
        }
        return keyed;
    }

    /** Whether every execution reported an update count of zero. */
    static boolean changedNothing(long[] counts) {
        if (counts.length == 0) {
            return false;
        }
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads per-execution update counts from an execute call's result. */
    @FunctionalInterface
    public interface Counts<T> {
        /** Update counts, one per execution; negative when unknown. */
        long[] of(T result) throws SQLException;
    }

    /**
     * Marks the counts of an update call ({@code executeUpdate}, {@code executeLargeUpdate}, a batch),
     * which answers no rows. Make one per kind of call, once (a constant), not per execution.
     */
    public static <T> Counts<T> ofUpdate(Counts<T> counts) {
        return new UpdateCounts<>(counts);
    }

    private record UpdateCounts<T>(Counts<T> counts) implements Counts<T> {
        @Override
        public long[] of(T result) throws SQLException {
            return counts.of(result);
        }
    }

    private void authoritativeBatchFailed(WriteObservation o, BatchUpdateException e, long nanos) {
        o.tx(txId()).authoritative(new SideResult(-1, nanos, Mirror.message(e)))
            .outcome(Outcome.SKIPPED, "authoritative_batch_failed", SideResult.NOT_RUN);
        if (autoCommit) {
            mirror.after(o);
            endTransaction(true);
            return;
        }
        // In a transaction: if the application rolls it back (the usual answer to a failed batch),
        // A kept nothing and there is nothing to repair; the entries wait for its commit.
        journalOnCommit.add(() -> mirror.after(o));
    }

    private void restoreAfterFailure(Throwable e) {
        try {
            authoritative.rollback();
        } catch (SQLException | RuntimeException r) {
            e.addSuppressed(r);
        }
        try {
            authoritative.setAutoCommit(true);
        } catch (SQLException | RuntimeException r) {
            e.addSuppressed(r);
        }
    }

    private void finishShortTransaction() throws SQLException {
        try {
            beforeCommit();
            authoritative.commit();
        } catch (SQLException | RuntimeException e) {
            // A kept nothing: neither may the shadow side.
            endTransaction(false);
            restoreAfterFailure(e);
            throw e;
        }
        try {
            authoritative.setAutoCommit(true);
        } finally {
            // A committed: so does the shadow side, and its connection goes back, whatever the restore did.
            endTransaction(true);
        }
    }

    private SQLException mirrorWork(WriteObservation o, long[] aCounts, long aNanos) {
        StatementInfo info = o.info();
        Work work = o.work();
        txTables.addAll(info.tables());
        long aTotal = total(aCounts);
        SideResult a = new SideResult(aTotal, aNanos, null);
        o.tx(txId()).authoritative(a);
        // The shadow side's SQL and parameters: translated when the sides speak different SQL.
        ShadowSql.Translated translated = mirror.forShadow(info, work);
        int placeholders = pipelined(info, work, translated);
        if (placeholders >= 0) {
            long bytes = PipelineText.bytes(translated.work().params(0));
            if (!pending.isEmpty() && (pending.size() >= PIPELINE_MAX_STATEMENTS
                || pendingParams + placeholders > PIPELINE_MAX_PARAMETERS || pendingBytes + bytes > PIPELINE_MAX_BYTES)) {
                flushPending();
                // the flush may have broken the transaction, spent its budget or met an open breaker
                placeholders = pipelined(info, work, translated);
            }
            if (placeholders >= 0) {
                pending.add(new Pending(o, translated, aCounts, placeholders));
                pendingParams += placeholders;
                pendingBytes += bytes;
                return null;
            }
        } else {
            // Anything else that uses the shadow side's connection goes after what waits, as it came.
            flushPending();
        }
        return sendNow(o, aCounts, translated);
    }

    /**
     * The number of parameters with which this write may wait in the transaction's pipeline
     * ({@code dualaccess.mirror.pipeline}), or -1 when it must be sent (or skipped) now as before:
     * only a prepared single statement without generated keys to carry and without rows to answer,
     * in an explicit transaction the shadow side still holds whole, whose text can be joined
     * ({@link PipelineText}) and that nothing (quarantine, budget, breaker) keeps from being sent.
     */
    private int pipelined(StatementInfo info, Work work, ShadowSql.Translated translated) {
        if (!mirror.pipeline() || autoCommit || brokenAt >= 0 || translated.skipped() || work.problem() != null
            || !work.prepared() || work.batch() || work.keyColumn() != null || work.sqls().size() != 1
            || info.kind() != SqlKind.WRITE || info.returnsRows()) {
            return -1;
        }
        Work toShadow = translated.work();
        if (toShadow.sqls().size() != 1 || toShadow.size() != 1 || toShadow.keyColumn() != null
            || txBNanos >= mirror.budgetNanos() || mirror.guard().isOpen() || mirror.quarantine().active(info.fingerprint())) {
            return -1;
        }
        Param[] params = toShadow.params(0);
        if (params != null && CapturedParameters.unreplayableReason(params) != null) {
            return -1;
        }
        // The application's text: its classification found its placeholders once. A translated text
        // (another engine's SQL for a PostgreSQL B): this connection's small cache of them.
        int n = toShadow == work ? info.joinableParameters() : translatedTexts().of(toShadow.sql());
        return n >= 0 && PipelineText.complete(params, n) ? n : -1;
    }

    private PipelineText.Scanned translatedTexts() {
        PipelineText.Scanned t = translatedTexts;
        if (t == null) {
            t = new PipelineText.Scanned();
            translatedTexts = t;
        }
        return t;
    }

    /** Mirrors a work on the shadow side now (or skips it, saying why): the path of every write that does not wait. */
    private SQLException sendNow(WriteObservation o, long[] aCounts, ShadowSql.Translated translated) {
        StatementInfo info = o.info();
        Work work = o.work();
        long aTotal = o.authoritativeResult().count();
        if (translated.skipped()) {
            mirror.after(o.outcome(Outcome.SKIPPED, translated.skipReason(), new SideResult(-1, 0, translated.message())));
            remember(info, work, aCounts, false);
            markBroken();
            return null;
        }
        Work toShadow = translated.work();
        for (int i = 0; i < work.size(); i++) {
            Param[] p = toShadow.params(i);
            String reason = p == null ? null : CapturedParameters.unreplayableReason(p);
            if (reason != null) {
                mirror.after(o.outcome(Outcome.SKIPPED, "unreplayable_parameter", SideResult.NOT_RUN).only(i));
                markBroken();
                return null;
            }
        }
        if (work.problem() != null) {
            mirror.after(o.outcome(Outcome.SKIPPED, "keys_unaligned", new SideResult(-1, 0, work.problem())));
            remember(info, work, aCounts, false);
            markBroken();
            return null;
        }
        if (brokenAt >= 0) {
            skipAll(o, aCounts, "transaction_aborted");
            return null;
        }
        if (mirror.quarantine().active(info.fingerprint())) {
            skipQuarantined(o, aCounts);
            markBroken();
            return null;
        }
        if (txBNanos >= mirror.budgetNanos()) {
            skipAll(o, aCounts, "transaction_budget", "the transaction spent " + Mirror.millis(txBNanos)
                + " ms on the shadow side, its budget (dualaccess.b.transaction-budget) is " + Mirror.millis(mirror.budgetNanos()) + " ms");
            markBroken();
            return null;
        }
        if (!mirror.guard().permit()) {
            skipAll(o, aCounts, "breaker_open", mirror.guard().cause());
            markBroken();
            return null;
        }
        long start = System.nanoTime();
        boolean cut = false;
        mirror.guard().begin(call);
        try {
            cut = boundByBudget();
            long[] bCounts = execute(toShadow);
            long bNanos = System.nanoTime() - start;
            txBNanos += bNanos;
            mirror.guard().succeeded(call, bNanos);
            mirror.quarantine().succeeded(info.fingerprint());
            boolean same = sameCounts(aCounts, bCounts) || translated.upsert() && info.insert() != null
                && info.insert().rows() == 1 && sameCounts(upserted(aCounts), upserted(bCounts));
            Outcome outcome = same ? Outcome.MATCH : Outcome.MISMATCH;
            SideResult b = new SideResult(total(bCounts), bNanos, null);
            if (translated.translated()) {
                o.translated(toShadow);
            }
            mirror.after(o.outcome(outcome, same ? null : "update_count", b).only(0));
            remember(info, work, aCounts, true);
            if (!same && mirror.failOnError()) {
                return new SQLException("dualaccess: the mirror changed " + b.count() + " row(s) where the authoritative side changed "
                    + aTotal + " (dualaccess.mirror.on-error=fail): " + work.sql(), "25000");
            }
            return null;
        } catch (BreakerOpened opened) {
            txBNanos += System.nanoTime() - start;
            mirror.guard().abandoned(call);
            skipAll(o, aCounts, "breaker_open", mirror.guard().cause());
            markBroken();
            return null;
        } catch (SQLException | RuntimeException e) {
            long bNanos = System.nanoTime() - start;
            txBNanos += bNanos;
            return failedOnShadow(o, aCounts, translated, e, bNanos, cut, "");
        }
    }

    /**
     * A work the shadow side failed (or, for a pipeline whose failing statement cannot be told, the
     * first of its statements): the breaker and the quarantine judge the error, the event carries it,
     * and the transaction is broken on the shadow side.
     *
     * @param note added to the event's error (empty, or what a pipeline could not tell)
     */
    private SQLException failedOnShadow(WriteObservation o, long[] aCounts, ShadowSql.Translated translated, Throwable e,
                                        long bNanos, boolean cut, String note) {
        StatementInfo info = o.info();
        if (cut && txBNanos >= mirror.budgetNanos()) {
            // The network timeout was the rest of the transaction's budget: the transaction ran out, B did not fail.
            mirror.guard().overBudget(call, bNanos);
        } else {
            if (Quarantine.aboutStatement(e)) {
                // The statement is wrong for the shadow side, the shadow side is not sick: quarantine
                // (the breaker leaves such errors out of its window).
                mirror.quarantine().failed(info.fingerprint(), System.nanoTime());
            }
            mirror.guard().failed(call, bNanos, e, mirror.forBreaker(e), mirror.shown(e));
        }
        SQLException sql = e instanceof SQLException s ? s : new SQLException(e);
        boolean overBudget = cut && txBNanos >= mirror.budgetNanos();
        Outcome outcome = overBudget ? Outcome.TIMEOUT : mirror.classifyError(sql, bNanos);
        SideResult b = new SideResult(-1, bNanos, Mirror.message(e) + note);
        if (translated.translated()) {
            o.translated(translated.work());
        }
        mirror.after(o.outcome(outcome, overBudget ? "transaction_budget" : null, b));
        remember(info, o.work(), aCounts, false);
        markBroken();
        if (mirror.failOnError()) {
            return new SQLException("dualaccess: the mirror failed (dualaccess.mirror.on-error=fail): " + Mirror.message(e),
                sql.getSQLState(), sql.getErrorCode(), e);
        }
        return null;
    }

    // ---- the transaction's pipeline (dualaccess.mirror.pipeline) -------------------------------

    /**
     * Most statements that wait in one pipeline: PostgreSQL's driver sends a Sync of its own (one more
     * round trip) once it expects 64,000 bytes of answers, 250 per statement, so 250 writes and the
     * pipeline's savepoint and release still go in one round trip.
     */
    static final int PIPELINE_MAX_STATEMENTS = 250;
    /** Most bind parameters in one pipeline: PostgreSQL's protocol counts a message's parameters in 16 bits. */
    static final int PIPELINE_MAX_PARAMETERS = 32_767;
    /** Most bytes of parameter values kept waiting (roughly: text and bytes by length). */
    static final long PIPELINE_MAX_BYTES = 1L << 20;

    /** A mirrored write waiting to go to the shadow side with the others of its transaction. */
    private record Pending(WriteObservation o, ShadowSql.Translated translated, long[] aCounts, int parameters) {
    }

    /**
     * Sends the writes waiting in this transaction's pipeline to the shadow side: one text, one round
     * trip. Each still gets its own event, as if it had been sent alone: its update count compared,
     * B's time its share of the round trip. When the pipeline fails and the shadow side's connection
     * still answers, what the pipeline did is undone (its savepoint, or the shadow transaction when it
     * held nothing before) and the writes are sent again one at a time, as without a pipeline, so the
     * failing statement and those before and after it get exactly the outcomes they get without one.
     * Never throws: the shadow side's failures stay in events and the journal.
     */
    private void flushPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = List.copyOf(pending);
        pending.clear();
        pendingParams = 0;
        pendingBytes = 0;
        if (brokenAt >= 0) {
            for (Pending p : batch) {
                skipAll(p.o(), p.aCounts(), "transaction_aborted");
            }
            return;
        }
        if (!mirror.guard().permit()) {
            notSent(batch, "breaker_open", mirror.guard().cause());
            return;
        }
        long start = System.nanoTime();
        boolean cut = false;
        boolean underSavepoint = false;
        mirror.guard().begin(call);
        try {
            Connection c = shadow();
            cut = boundByBudget();
            underSavepoint = shadowDirty;
            shadowDirty = true;
            long[] bCounts = executePipeline(c, batch, underSavepoint);
            long bNanos = System.nanoTime() - start;
            txBNanos += bNanos;
            mirror.guard().succeeded(call, bNanos);
            long share = bNanos / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                applied(batch.get(i), bCounts[i], share);
            }
        } catch (BreakerOpened opened) {
            txBNanos += System.nanoTime() - start;
            mirror.guard().abandoned(call);
            notSent(batch, "breaker_open", mirror.guard().cause());
        } catch (SQLException | RuntimeException e) {
            long bNanos = System.nanoTime() - start;
            txBNanos += bNanos;
            if (shadow != null && undo(underSavepoint, e)) {
                // B answered: one at a time, each judged on its own (the breaker, the quarantine, the budget).
                mirror.guard().abandoned(call);
                LOG.debug("a pipeline of {} mirrored statements failed on the shadow side and is sent again one by one: {}",
                    batch.size(), mirror.shown(e));
                for (Pending p : batch) {
                    sendNow(p.o(), p.aCounts(), p.translated());
                }
                return;
            }
            // No connection to B (as when a write sent at once finds none), or one that no longer answers.
            Pending first = batch.get(0);
            failedOnShadow(first.o(), first.aCounts(), first.translated(), e, bNanos, cut, shadow == null || batch.size() == 1 ? ""
                : " (sent in a pipeline of " + batch.size() + " statements; the shadow side's connection was lost"
                    + " before it told which failed)");
            for (int i = 1; i < batch.size(); i++) {
                skipAll(batch.get(i).o(), batch.get(i).aCounts(), "transaction_aborted");
            }
        }
    }

    /** The first write of a pipeline could not be sent (reason, why); the ones after it are aborted with the transaction. */
    private void notSent(List<Pending> batch, String reason, String why) {
        Pending first = batch.get(0);
        skipAll(first.o(), first.aCounts(), reason, why);
        markBroken();
        for (int i = 1; i < batch.size(); i++) {
            skipAll(batch.get(i).o(), batch.get(i).aCounts(), "transaction_aborted");
        }
    }

    /** A write of a pipeline the shadow side ran: its event, as {@link #sendNow} records one. */
    private void applied(Pending p, long bCount, long bNanos) {
        WriteObservation o = p.o();
        StatementInfo info = o.info();
        long[] aCounts = p.aCounts();
        ShadowSql.Translated translated = p.translated();
        mirror.quarantine().succeeded(info.fingerprint());
        long[] bCounts = {bCount};
        boolean same = sameCounts(aCounts, bCounts) || translated.upsert() && info.insert() != null
            && info.insert().rows() == 1 && sameCounts(upserted(aCounts), upserted(bCounts));
        if (translated.translated()) {
            o.translated(translated.work());
        }
        mirror.after(o.outcome(same ? Outcome.MATCH : Outcome.MISMATCH, same ? null : "update_count",
            new SideResult(bCount, bNanos, null)).only(0));
        remember(info, o.work(), aCounts, true);
    }

    /**
     * Undoes what a failed pipeline left in the shadow transaction: back to its savepoint, or the
     * whole shadow transaction when it held nothing before the pipeline.
     *
     * @return whether the shadow side answered (then nothing of the pipeline is left on it)
     */
    private boolean undo(boolean underSavepoint, Throwable failure) {
        long start = System.nanoTime();
        try {
            if (shadow.isClosed()) {
                return false;
            }
            if (underSavepoint) {
                try (Statement st = shadow.createStatement()) {
                    st.execute(PipelineText.ROLLBACK_TO + PipelineText.SEPARATOR + PipelineText.RELEASE);
                }
            } else {
                shadow.rollback();
                shadowDirty = false;
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        } finally {
            txBNanos += System.nanoTime() - start;
        }
    }

    /** Runs the pipeline's writes as one text, one round trip: the update count of each. */
    private long[] executePipeline(Connection c, List<Pending> batch, boolean underSavepoint) throws SQLException {
        StringBuilder text = new StringBuilder(64 * batch.size() + 80);
        if (underSavepoint) {
            text.append(PipelineText.SAVEPOINT).append(PipelineText.SEPARATOR);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                text.append(PipelineText.SEPARATOR);
            }
            text.append(batch.get(i).translated().work().sql());
        }
        if (underSavepoint) {
            text.append(PipelineText.SEPARATOR).append(PipelineText.RELEASE);
        }
        PreparedStatement ps = statements.prepare(c, text.toString());
        try {
            int offset = 0;
            for (Pending p : batch) {
                Param[] params = p.translated().work().params(0);
                if (params != null) {
                    for (Param q : params) {
                        q.apply(ps, offset + q.index());
                    }
                }
                offset += p.parameters();
            }
            boolean rows = ps.execute();
            if (underSavepoint) {
                rows = ps.getMoreResults();
            }
            long[] counts = new long[batch.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = updateCount(ps, rows);
                rows = ps.getMoreResults();
            }
            return counts;
        } catch (SQLException | RuntimeException e) {
            statements.discard(ps, e);
            throw e;
        }
    }

    /**
     * The application rolled its transaction back (or closed its connection) before the waiting writes
     * were sent: they never reach the shadow side, which is what a rollback there would have left.
     * Each gets its event ({@code skipped}, reason {@code rolled_back}); nothing is journaled, A kept
     * nothing of them either.
     */
    private void dropPending() {
        if (pending.isEmpty()) {
            return;
        }
        for (Pending p : pending) {
            mirror.unsent(p.o().outcome(Outcome.SKIPPED, "rolled_back", SideResult.NOT_RUN));
        }
        pending.clear();
        pendingParams = 0;
        pendingBytes = 0;
    }

    /** A quarantined fingerprint: one event per back-off interval, every execution journaled. */
    private void skipQuarantined(WriteObservation o, long[] aCounts) {
        StatementInfo info = o.info();
        Work work = o.work();
        if (mirror.quarantine().reportDue(info.fingerprint(), System.nanoTime())) {
            skipAll(o, aCounts, "quarantined");
            return;
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < work.size(); i++) {
            mirror.journal(now, Outcome.SKIPPED.value() + ":quarantined", o.tx(), work.sql(i), work.params(i), info,
                i < aCounts.length ? aCounts[i] : -1, -1, null);
        }
        remember(info, work, aCounts, false);
    }

    private void skipAll(WriteObservation o, long[] aCounts, String reason) {
        skipAll(o, aCounts, reason, null);
    }

    /** Skips a work on the shadow side, with why (the breaker's cause: the shadow side's own last error). */
    private void skipAll(WriteObservation o, long[] aCounts, String reason, String why) {
        mirror.after(o.outcome(Outcome.SKIPPED, reason, why == null ? SideResult.NOT_RUN : new SideResult(-1, 0, why)));
        remember(o.info(), o.work(), aCounts, false);
    }

    /**
     * Update counts of a single-row upsert as "rows touched": MariaDB and MySQL count an
     * {@code ON DUPLICATE KEY UPDATE} that updated as 2, PostgreSQL's {@code ON CONFLICT} as 1.
     */
    private static long[] upserted(long[] counts) {
        long[] out = counts.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(out[i], 1);
        }
        return out;
    }

    private long[] execute(Work work) throws SQLException {
        Connection c = shadow();
        boundByBudget();
        shadowDirty = true;
        if (work.keyColumn() != null || work.sqls().size() > 1 && work.prepared()) {
            return executeEach(c, work);
        }
        if (work.prepared() && !work.batch()) {
            PreparedStatement ps = statements.prepare(c, work.sql());
            try {
                CapturedParameters.applyAll(work.params(0), ps);
                return new long[] {updateCount(ps, ps.execute())};
            } catch (SQLException | RuntimeException e) {
                statements.discard(ps, e);
                throw e;
            }
        }
        if (work.prepared()) {
            try (PreparedStatement ps = c.prepareStatement(work.sql())) {
                timeout(ps);
                for (Param[] row : work.rows()) {
                    CapturedParameters.applyAll(row, ps);
                    ps.addBatch();
                }
                return toLong(ps.executeBatch());
            }
        }
        try (Statement st = c.createStatement()) {
            timeout(st);
            if (!work.batch()) {
                return new long[] {updateCount(st, st.execute(work.sql()))};
            }
            for (String s : work.sqls()) {
                st.addBatch(s);
            }
            return toLong(st.executeBatch());
        }
    }

    /**
     * A prepared INSERT carrying whole-number keys: one statement whose text is the same for every
     * execution, each key bound as one more parameter, so B's driver and server reuse their prepared
     * statement. Executions run one at a time, as with literal keys (a RETURNING clause answers rows,
     * which a JDBC batch refuses). Null when a key cannot be bound.
     */
    private long[] executeBound(Connection c, Work work) throws SQLException {
        for (List<Object> keys : work.keys()) {
            if (!KeyRewrite.Template.bindable(keys)) {
                return null;
            }
        }
        KeyRewrite.Template t = KeyRewrite.template(work.sql(), work.keyColumn(), mirror.overriding(c));
        long[] counts = new long[work.size()];
        PreparedStatement ps = statements.prepare(c, t.sql());
        try {
            for (int i = 0; i < counts.length; i++) {
                if (i > 0) {
                    // A parameter the application left unset in this execution must not keep the last one's value.
                    ps.clearParameters();
                }
                t.bind(ps, work.params(i), work.keys().get(i));
                counts[i] = updateCount(ps, ps.execute());
            }
        } catch (SQLException | RuntimeException e) {
            statements.discard(ps, e);
            throw e;
        }
        return counts;
    }

    /** One execution at a time: each carries its own SQL (keys added as literals). */
    private long[] executeEach(Connection c, Work work) throws SQLException {
        if (work.keyColumn() != null && work.prepared() && work.sqls().size() == 1) {
            long[] counts = executeBound(c, work);
            if (counts != null) {
                return counts;
            }
        }
        boolean overriding = work.keyColumn() != null && mirror.overriding(c);
        long[] counts = new long[work.size()];
        for (int i = 0; i < work.size(); i++) {
            String sql = work.sql(i);
            if (work.keyColumn() != null) {
                sql = KeyRewrite.withKeys(sql, work.keyColumn(), work.keys().get(i), overriding);
            }
            if (work.prepared()) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    timeout(ps);
                    CapturedParameters.applyAll(work.params(i), ps);
                    counts[i] = updateCount(ps, ps.execute());
                }
            } else {
                try (Statement st = c.createStatement()) {
                    timeout(st);
                    counts[i] = updateCount(st, st.execute(sql));
                }
            }
        }
        return counts;
    }

    private static long updateCount(Statement st, boolean hasResultSet) throws SQLException {
        if (hasResultSet) {
            // INSERT … RETURNING and friends: count the rows returned.
            long rows = 0;
            try (var rs = st.getResultSet()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
        try {
            return st.getLargeUpdateCount();
        } catch (UnsupportedOperationException | SQLFeatureNotSupportedException beforeJdbc42) {
            // JDBC 4.2's default method, never overridden by some drivers and wrappers (p6spy 3.9).
            return st.getUpdateCount();
        }
    }

    /** The statement timeout on a statement, unless B's session carries it already ({@link ShadowSession}). */
    private void timeout(Statement st) throws SQLException {
        if (!mirror.sessionTimeout()) {
            st.setQueryTimeout(mirror.timeoutSeconds());
        }
    }

    static long[] toLong(int[] counts) {
        long[] out = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    private static long total(long[] counts) {
        long sum = 0;
        boolean known = false;
        for (long c : counts) {
            if (c >= 0) {
                sum += c;
                known = true;
            }
        }
        return known ? sum : -1;
    }

    /** Counts agree where both are known (drivers may answer SUCCESS_NO_INFO for batches). */
    static boolean sameCounts(long[] a, long[] b) {
        if (a.length != b.length) {
            return total(a) < 0 || total(b) < 0 || total(a) == total(b);
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private void remember(StatementInfo info, Work work, long[] aCounts, boolean reached) {
        for (int i = 0; i < work.size(); i++) {
            if (txStatements.size() >= mirror.txMaxStatements()) {
                txOverflow = true;
                return;
            }
            txStatements.add(new TxStatement(info, work.sql(i), work.params(i), i < aCounts.length ? aCounts[i] : -1, reached));
        }
    }

    private void markBroken() {
        if (brokenAt < 0) {
            brokenAt = txStatements.size();
        }
    }

    /**
     * The breaker opened while this call was on its way to the shadow side (a connection from the pool
     * and the session's setup can each take a round trip): the statement is not sent, it is skipped.
     */
    private static final class BreakerOpened extends SQLException {
        BreakerOpened() {
            super("the breaker opened before the statement was sent", null, 0, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private Connection shadow() throws SQLException {
        if (shadow == null) {
            Connection c = shadowSource.open();
            if (mirror.guard().isOpen()) {
                // B took long to hand out the connection (a validity check against a slow B): B is judged sick.
                closeQuietly(c);
                throw new BreakerOpened();
            }
            try {
                // First of all, before any round trip: no call on the shadow side waits past the timeout.
                networkTimeoutMillis = -1;
                shadow = c;
                boundByBudget();
                shadow = null;
                c.setAutoCommit(false);
                if (readOnly) {
                    c.setReadOnly(true);
                }
                ConnectionState s = appState;
                if (s != null) {
                    // Isolation is B's own (READ COMMITTED, set by its pool) and read-only is set above;
                    // the rest of what the application set (schema, catalog, holdability, client info).
                    s.applyToShadow(c, REPLAYED_STATE & ~ConnectionState.READ_ONLY);
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.close();
                } catch (SQLException | RuntimeException c2) {
                    e.addSuppressed(c2);
                }
                throw e;
            }
            if (mirror.guard().isOpen()) {
                // The session's setup took a round trip or more (MariaDB's autocommit): not one more.
                ShadowDiscard.rollbackAndClose(c, mirror);
                throw new BreakerOpened();
            }
            shadow = c;
        }
        return shadow;
    }

    private String txId() {
        if (txId == null) {
            txId = id + "-" + Long.toString(++txSeq, 36);
        }
        return txId;
    }

    // ---- transactions -----------------------------------------------------------------------

    /** After the application's {@code setAutoCommit} succeeded on the authoritative side. */
    public void autoCommitChanged(boolean on) {
        if (on && !autoCommit) {
            // JDBC: switching autocommit on commits the open transaction.
            endTransaction(true);
        }
        autoCommit = on;
    }

    /**
     * Before the authoritative side commits (the application's {@code commit}, or autocommit switched
     * on): if the shadow side holds writes of this transaction, the journal records the intent, so
     * a process killed between the two commits leaves a trace repair follows.
     */
    public void beforeCommit() {
        // The writes waiting in the pipeline reach the shadow side before A commits, so the order
        // stays: the shadow side holds the transaction, A commits, the shadow side commits.
        flushPending();
        if (shadow != null && shadowDirty && !intentWritten) {
            mirror.intent(txId(), List.copyOf(txTables));
            intentWritten = true;
        }
    }

    /** After the application's {@code commit} succeeded on the authoritative side. */
    public void committed() {
        endTransaction(true);
    }

    /**
     * After the application's {@code commit} failed on the authoritative side: the shadow side rolls
     * back and its connection goes back to its pool (never left holding locks). What had reached it is
     * journaled when the failure leaves A's outcome unknown (a lost connection may still have
     * committed), so verify knows where to look. A failure that says A rolled back (a serialization
     * failure or deadlock at commit, a deferred constraint) leaves both sides without the
     * transaction: nothing to repair, so nothing is journaled.
     */
    public void commitFailed(Throwable e) {
        try {
            // Sent already by beforeCommit; should any wait still, A may have committed them.
            flushPending();
            if (shadow != null && shadowDirty) {
                discardShadow();
                if (!rolledBack(e)) {
                    journalTransaction("authoritative_commit_failed", Mirror.message(e), true);
                }
            }
        } finally {
            if (intentWritten) {
                // Rolled back on B, and journaled unless A surely rolled back too.
                mirror.completed(txId());
                intentWritten = false;
            }
            reset();
        }
    }

    /**
     * Whether a failed commit says the transaction was rolled back: SQLState class 40 (transaction
     * rollback: serialization failure, deadlock, constraint at commit) or 23 (a deferred constraint
     * checked at commit). Connection failures (class 08) and anything else leave the outcome unknown.
     */
    static boolean rolledBack(Throwable e) {
        String state = e instanceof SQLException s ? s.getSQLState() : null;
        return state != null && (state.startsWith("40") || state.startsWith("23"));
    }

    /** Shares what the application set on its connection; replayed on every shadow connection opened later. */
    public void replay(ConnectionState state) {
        flushPending();
        this.appState = state;
        if (shadow != null && state != null) {
            state.applyToShadow(shadow, REPLAYED_STATE & ~ConnectionState.READ_ONLY);
        }
    }

    /** After the application changed {@code bits} of its connection state on the authoritative side. */
    public void stateChanged(int bits) {
        // The writes waiting ran under the state before the change.
        flushPending();
        ConnectionState s = appState;
        if (shadow != null && s != null) {
            s.applyToShadow(shadow, bits & REPLAYED_STATE);
        }
    }

    /** After the application's {@code rollback} on the authoritative side (whatever its outcome). */
    public void rolledBack() {
        endTransaction(false);
    }

    /**
     * After the application's isolation change succeeded on the authoritative side. The shadow side
     * keeps READ COMMITTED whatever A runs at (its pool makes every connection so): each mirrored
     * statement runs while A holds its locks, and the shadow side commits in A's order, so every
     * statement sees what A's earlier transactions left. At REPEATABLE READ or SERIALIZABLE the
     * shadow side would judge its own snapshot, older than A's commit order, and refuse writes A
     * committed (docs/write-migration.md).
     */
    public void isolationChanged(int level) {
        isolation = level;
    }

    /**
     * Bounds the next call on the shadow side by the statement timeout or, when less is left, by the
     * rest of the transaction's budget: a network timeout, so even a shadow side that accepts bytes and
     * never answers ends like a timeout.
     *
     * @return whether the budget, not the statement timeout, set the bound
     */
    private boolean boundByBudget() {
        long left = Mirror.millis(mirror.budgetNanos() - txBNanos);
        int limit = (int) Math.max(1, Math.min(mirror.timeoutMillis(), left));
        if (shadow != null && limit != networkTimeoutMillis) {
            try {
                shadow.setNetworkTimeout(DIRECT, limit);
                networkTimeoutMillis = limit;
            } catch (SQLException | UnsupportedOperationException unsupported) {
                // Some drivers have no socket timeout; the query timeout still applies.
                networkTimeoutMillis = limit;
            }
        }
        return limit < mirror.timeoutMillis();
    }

    /** After the application's read-only change succeeded on the authoritative side. */
    public void readOnlyChanged(boolean on) {
        flushPending();
        readOnly = on;
        if (shadow != null) {
            try {
                shadow.setReadOnly(on);
            } catch (SQLException e) {
                LOG.debug("shadow side refused read-only {}: {}", on, mirror.shown(e));
            }
        }
    }

    /** After the application set a savepoint on the authoritative side. */
    public void savepointSet(Savepoint sp) {
        flushPending();
        Savepoint shadowSp = null;
        if (shadow != null && shadowDirty && brokenAt < 0) {
            try {
                shadowSp = shadow.setSavepoint();
            } catch (SQLException e) {
                markBroken();
            }
        }
        savepoints.put(sp, new Mark(shadowSp, txStatements.size()));
    }

    /** After the application rolled back to a savepoint on the authoritative side. */
    public void rolledBackTo(Savepoint sp) {
        flushPending();
        Mark m = savepoints.get(sp);
        if (m == null) {
            return;
        }
        if (shadow != null && shadowDirty) {
            try {
                if (m.shadowSavepoint() != null) {
                    shadow.rollback(m.shadowSavepoint());
                } else {
                    // The shadow side's transaction began after this savepoint: all of it goes.
                    shadow.rollback();
                    shadowDirty = false;
                }
            } catch (SQLException e) {
                markBroken();
            }
        }
        if (m.statements() < txStatements.size()) {
            txStatements.subList(m.statements(), txStatements.size()).clear();
        }
        if (brokenAt >= m.statements()) {
            brokenAt = -1;
        }
        savepoints.entrySet().removeIf(e -> e.getValue().statements() > m.statements());
    }

    /** After the application released a savepoint on the authoritative side. */
    public void savepointReleased(Savepoint sp) {
        flushPending();
        Mark m = savepoints.remove(sp);
        if (m != null && m.shadowSavepoint() != null && shadow != null) {
            try {
                shadow.releaseSavepoint(m.shadowSavepoint());
            } catch (SQLException e) {
                LOG.debug("shadow side refused to release a savepoint: {}", mirror.shown(e));
            }
        }
    }

    /** COMMIT / ROLLBACK / SAVEPOINT written as SQL: pass the text on, and follow its effect. */
    private void transactionControl(String sql) {
        String s = sql.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("commit") || s.startsWith("end")) {
            endTransaction(true);
        } else if (s.startsWith("rollback") && !s.contains(" to ")) {
            endTransaction(false);
        } else {
            // A savepoint written as SQL: the writes waiting go first, as they came.
            flushPending();
            if (shadow != null && shadowDirty && brokenAt < 0) {
                try (Statement st = shadow.createStatement()) {
                    st.execute(sql);
                } catch (SQLException e) {
                    markBroken();
                }
            }
        }
    }

    private void endTransaction(boolean commit) {
        if (commit) {
            // Normally sent by beforeCommit already.
            flushPending();
        } else {
            dropPending();
        }
        try {
            if (commit) {
                for (Runnable r : journalOnCommit) {
                    r.run();
                }
            }
            if (shadow != null && shadowDirty) {
                if (commit && brokenAt < 0 && !mirror.guard().isOpen()) {
                    commitShadow();
                } else if (commit && brokenAt < 0) {
                    // The breaker opened while this transaction was on the shadow side (a slow call of
                    // another connection, or its own): B is judged sick, so the application does not
                    // wait for B's commit. The transaction is journaled and rolled back there.
                    String why = mirror.guard().cause();
                    mirror.recordCommit(Outcome.SKIPPED, "breaker_open", txId(), 0, 0, why, List.copyOf(txTables));
                    journalTransaction("transaction_rolled_back_on_shadow", why, true);
                    discardShadow();
                } else {
                    discardShadow();
                    if (commit) {
                        journalTransaction("transaction_rolled_back_on_shadow", null, true);
                    }
                }
            } else if (commit && brokenAt >= 0) {
                journalTransaction("transaction_rolled_back_on_shadow", null, true);
            }
        } finally {
            if (intentWritten) {
                // Committed on B, journaled, or rolled back: nothing left for a crash to lose.
                mirror.completed(txId());
                intentWritten = false;
            }
            reset();
        }
    }

    /** The transaction is over: the shadow connection goes back to its pool and the transaction's records go. */
    private void reset() {
        releaseShadow();
        txStatements.clear();
        txTables.clear();
        txOverflow = false;
        brokenAt = -1;
        savepoints.clear();
        journalOnCommit.clear();
        txBNanos = 0;
        txId = null;
        // the next transaction starts with a fresh in-transaction read budget and a new number
        txReadNanos = 0;
        transactions++;
    }

    private void commitShadow() {
        long start = System.nanoTime();
        mirror.guard().begin(call);
        try {
            boundByBudget();
            shadow.commit();
            mirror.guard().committed(call, System.nanoTime() - start);
        } catch (SQLException e) {
            long nanos = System.nanoTime() - start;
            mirror.guard().failed(call, nanos, e, mirror.forBreaker(e), mirror.shown(e));
            mirror.recordCommit(mirror.classifyError(e, nanos), "commit_failed", txId(), 0, nanos, Mirror.message(e),
                List.copyOf(txTables));
            journalTransaction("commit_failed", Mirror.message(e), false);
            discardShadow();
        }
    }

    /**
     * Rolls the shadow side's transaction back and gives its connection back. While the breaker is
     * closed, here and now (B is healthy, and the rollback releases its locks before the
     * application goes on); otherwise on a background thread, so an application thread never waits
     * for a sick B to answer a rollback. What the transaction held is journaled either way.
     */
    private void discardShadow() {
        if (mirror.guard().state().getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED) {
            rollbackShadow();
            return;
        }
        Connection c = shadow;
        shadow = null;
        shadowDirty = false;
        // Closing the connection (on another thread) closes its statements.
        statements.forget();
        if (c != null) {
            ShadowDiscard.rollbackAndClose(c, mirror);
        }
    }

    /** Journals the statements of the transaction that the shadow side had applied and has now lost. */
    private void journalTransaction(String reason, String error, boolean onlyReached) {
        long now = System.currentTimeMillis();
        String tx = txId();
        for (TxStatement s : txStatements) {
            if (!onlyReached || s.reachedShadow()) {
                mirror.journal(now, reason, tx, s.sql(), s.params(), s.info(), s.aCount(), -1, error);
            }
        }
        if (txOverflow) {
            // Too many statements to keep: name the tables, so verify and repair know where to look.
            mirror.journal(now, reason + ":statements_not_kept", tx, "-- transaction exceeded dualaccess.journal.tx-max-statements",
                null, new StatementInfo(SqlKind.WRITE, List.copyOf(txTables), false,
                    List.of(), "", null, false), -1, -1, error);
        }
    }

    private void rollbackShadow() {
        try {
            shadow.rollback();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("shadow rollback failed: {}", mirror.shown(e));
            ShadowDiscard.closeVendor(shadow);
        }
        shadowDirty = false;
    }

    private void releaseShadow() {
        Connection c = shadow;
        shadow = null;
        shadowDirty = false;
        if (c == null) {
            statements.forget();
            return;
        }
        if (mirror.guard().isOpen()) {
            // Closing the connection closes its statements (no call of ours on a sick B).
            statements.forget();
            // Giving a connection back may take a round trip (the pool restores autocommit, which
            // MariaDB's driver sends to the server): not on the application's thread against a sick B.
            ShadowDiscard.close(c);
        } else {
            statements.close();
            closeQuietly(c);
        }
    }

    /** The application closed its connection: an unfinished transaction is rolled back on the shadow side too. */
    public void close() {
        // A closed connection's open transaction is rolled back: what waits is never sent.
        dropPending();
        if (intentWritten) {
            // The transaction will never commit: nothing left for a crash to lose.
            mirror.completed(txId());
            intentWritten = false;
        }
        try {
            if (shadow != null && shadowDirty) {
                discardShadow();
            }
        } finally {
            reset();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a shadow connection failed: {}", ErrorText.masked(e.toString()));
        }
    }

    /**
     * The shadow connection's prepared statements, by SQL text: a write binds the statement its text
     * was prepared as on this connection before, in this transaction (the lines of an order) or an
     * earlier one ({@link KeptStatements}), instead of preparing another, as the application does with
     * its own. They stay open on the connection when it goes back to its pool.
     */
    private final class ShadowStatements {
        private Map<String, PreparedStatement> kept;
        private Connection vendor;

        /** B's statement for this text: the one kept on this connection (its parameters cleared), or a new one, kept. */
        PreparedStatement prepare(Connection c, String sql) throws SQLException {
            if (kept == null) {
                vendor = KeptStatements.vendor(c);
                kept = mirror.keptStatements().on(vendor);
            }
            PreparedStatement ps = kept.get(sql);
            if (ps != null) {
                if (!ps.isClosed()) {
                    ps.clearParameters();
                    return ps;
                }
                kept.remove(sql);
            }
            ps = vendor.prepareStatement(sql);
            try {
                timeout(ps);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(ps, e);
                throw e;
            }
            kept.put(sql, ps);
            return ps;
        }

        /** A statement that failed: closed and not used again (its state on B is not known). */
        void discard(PreparedStatement ps, Throwable failure) {
            if (kept != null) {
                kept.values().remove(ps);
            }
            closeQuietly(ps, failure);
        }

        /** The connection goes back to its pool: its statements stay kept on it. */
        void close() {
            forget();
        }

        /** Lets go of the connection's statements (they stay with it, and close with it). */
        void forget() {
            kept = null;
            vendor = null;
        }

        private void closeQuietly(PreparedStatement ps, Throwable failure) {
            try {
                ps.close();
            } catch (SQLException | RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.debug("closing a statement on the shadow side failed: {}", mirror.shown(e));
                }
            }
        }
    }
}
