package io.dualaccess.jdbc;

import io.dualaccess.mirror.ConnectionState;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.context.RequestContext;
import io.dualaccess.route.PhaseControl;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.route.Route;
import io.dualaccess.shadow.ShadowReads;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.sql.SqlKind;
import io.dualaccess.sql.StatementInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.SQLClientInfoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The application's connection. It answers from the authoritative side's connection and makes
 * sure every object reachable from it is one of ours, so no vendor object escapes (except through
 * {@code unwrap}, which is how the application asks for one).
 *
 * <p>It follows the runtime's {@link PhaseControl}: at each transaction boundary (each statement in
 * autocommit, and each statement created outside a transaction) it pins the phase in force, and
 * keeps it until the transaction ends. When the pinned phase moves the authoritative side, the
 * connection swaps its vendor connection for one to the new side (autocommit, read-only and
 * isolation carried over) and closes the old one; a statement created before the swap is prepared
 * again on the new side when it next runs ({@link StatementMove}).
 */
public final class DualConnection extends DelegatingConnection {

    private static final Logger LOG = LoggerFactory.getLogger(DualConnection.class);

    private final ConnectionRuntime runtime;
    private final PhaseControl control;
    /** Opens the application's connection to A, for a swap back to A. */
    private final ConnectionSource aConnector;
    /** Opens connections to A as the shadow side. */
    private final ConnectionSource aShadow;
    /** The application's vendor properties, for B's driver where B answers. */
    private final Properties vendorProperties;
    /** Mirrors writes to the shadow side; null while the pinned phase mirrors nothing on this side. */
    PairedConnection paired;
    /** Replays reads on the shadow side; null while the pinned phase shadows no read. */
    ShadowReads shadowReads;
    /** The phase this connection follows until its transaction ends. */
    private PhaseSnapshot pinned;
    /** Counts swaps of the authoritative side; statements remember the count they were made under. */
    int sideGeneration;
    /** Counts phases pinned; a statement made under an older one is checked before it runs. */
    int routeGeneration;
    private boolean bAnswers;
    /** The application's autocommit, and whether its open transaction began and wrote. */
    private boolean autoCommit = true;
    private boolean inTransaction;
    private boolean wroteInTransaction;
    /** The tables the open transaction wrote, as {@link ShadowReads#wrote} bits: held in flight until it ends. */
    private long writtenTables;
    /** Where {@link #writtenTables} are held. */
    private ShadowReads writtenTo;
    /** What the application set on its connection, replayed on the other side's after a swap and on paired connections. */
    private final ConnectionState state = new ConnectionState();
    private DualDatabaseMetaData metaData;
    /**
     * Set first thing in close() and abort(), whatever fails after: a closed connection follows no
     * phase and opens nothing. Its vendor connection stays the delegate, so every later call is
     * refused with the vendor's own exception, as without dualaccess.
     */
    private boolean closed;
    /** Statements the application has not closed, in the order made: released first when the connection closes. */
    private final ArrayList<DualStatement> statements = new ArrayList<>();

    private DualConnection(Connection authoritative, ConnectionRuntime runtime, PhaseSnapshot pinned, ConnectionSource aConnector,
                           ConnectionSource aShadow, Properties vendorProperties) throws SQLException {
        super(authoritative);
        this.runtime = runtime;
        this.control = runtime.phaseControl();
        this.aConnector = aConnector;
        this.aShadow = aShadow;
        this.vendorProperties = vendorProperties;
        this.pinned = pinned;
        this.bAnswers = pinned.bAuthoritative();
        this.autoCommit = authoritative.getAutoCommit();
        this.paired = runtime.pair(authoritative, aShadow, pinned);
        replayState(paired);
        this.shadowReads = runtime.shadowReads(pinned);
    }

    /**
     * Whether a read now may be replayed elsewhere: not inside a transaction that has written,
     * whose uncommitted rows no other connection can see.
     */
    boolean readReplayable() {
        return autoCommit || !wroteInTransaction;
    }

    /**
     * Notes a statement the application runs (classified once for this execute), for {@link #readReplayable()},
     * and a write's tables for the re-check of reads racing it ({@link ShadowReads#wrote}).
     */
    void noteStatement(StatementInfo info) {
        if (info == null || info.kind() == SqlKind.READ) {
            return;
        }
        if (!autoCommit && !wroteInTransaction) {
            wroteInTransaction = true;
        }
        if (info.kind() != SqlKind.TRANSACTION) {
            hold(shadowReads.wrote(info, !autoCommit, writtenTables));
        }
    }

    /** Holds a write's tables until the open transaction ends (nothing in auto-commit). */
    private void hold(long bits) {
        if (!autoCommit && bits != 0) {
            writtenTables |= bits;
            writtenTo = shadowReads;
        }
    }

    /** The open transaction's writes are over: their tables are no longer held ({@link ShadowReads#writesEnded}). */
    private void releaseWrites() {
        if (writtenTables != 0) {
            ShadowReads reads = writtenTo;
            long bits = writtenTables;
            writtenTables = 0;
            writtenTo = null;
            if (reads != null) {
                reads.writesEnded(bits);
            }
        }
    }

    /** Notes a batch the application runs: JDBC batches hold only updates, so the transaction has written. */
    void noteBatch() {
        hold(shadowReads.wroteBatch(!autoCommit, writtenTables));
        if (!autoCommit) {
            wroteInTransaction = true;
        }
    }

    /**
     * This execute's route, decided once from the pinned phase (call after {@link #beforeExecute}):
     * the SQL classified once (from the runtime's bounded cache), whether the pair mirrors it or
     * follows it as transaction control, and, for a read, whether it is compared or skipped and why.
     * In a phase that involves no other side nothing is classified and {@link Route#PASS} is answered.
     *
     * @param parametersCaptured whether the statement's parameters can be replayed (false for a
     *                           prepared statement made before anything was recorded)
     */
    Route route(String sql, boolean parametersCaptured) {
        if (sql == null || paired == null && shadowReads == null) {
            return Route.PASS;
        }
        return route(runtime.classify(sql), parametersCaptured);
    }

    /**
     * As {@link #route(String, boolean)}, for a statement whose SQL was classified when it was
     * prepared (a mirrored prepared statement keeps its classification): no second cache lookup.
     */
    Route route(StatementInfo info, boolean parametersCaptured) {
        PairedConnection p = paired;
        ShadowReads reads = shadowReads;
        if (p == null && reads == null) {
            return Route.PASS;
        }
        if (reads != null) {
            noteStatement(info);
        }
        if (p != null) {
            if (info.kind() == SqlKind.TRANSACTION) {
                return Route.transactionControl(info);
            }
            if (p.mirrors(info)) {
                return Route.mirrored(info);
            }
        }
        if (reads == null || !parametersCaptured || info.kind() != SqlKind.READ || !pinned.shadows(info.tables())
            || !reads.sampled() || !reads.covers(info)) {
            return Route.authoritativeOnly(info);
        }
        String excluded = reads.excluded(info);
        if (excluded != null) {
            // Not application data (dualaccess's own tables, session settings, schema tools, catalog).
            return Route.skippedRead(info, excluded);
        }
        if (!readReplayable() && (p == null || !reads.comparesInTransaction())) {
            return Route.skippedRead(info, "in-transaction");
        }
        if (RequestContext.readsExcluded()) {
            return Route.skippedRead(info, "excluded_path");
        }
        // Parameters that cannot be replayed (a stream, reader or LOB of A's connection) are decided by
        // ShadowReads.capture: a translation may bind an array's elements instead (issue 12).
        return Route.compared(info);
    }

    /** The route of a batch of plain SQL texts: that of the first text the pair mirrors or follows, else {@link Route#PASS}. */
    Route routeBatch(List<String> texts) {
        PairedConnection p = paired;
        if (p == null) {
            return Route.PASS;
        }
        for (String t : texts) {
            StatementInfo info = p.classify(t);
            if (info.kind() == SqlKind.TRANSACTION) {
                return Route.transactionControl(info);
            }
            if (p.mirrors(info)) {
                return Route.mirrored(info);
            }
        }
        return Route.PASS;
    }

    private void transactionEnded() {
        wroteInTransaction = false;
        inTransaction = false;
        releaseWrites();
    }

    /**
     * Opens the application's connection on the side {@code pinned} makes authoritative and wraps
     * it; on failure the vendor connection is closed, never leaked.
     *
     * @param runtime the runtime of this connection's configuration
     * @param pinned the phase in force
     * @param aConnector opens the application's connection to A
     * @param aShadow opens connections to A when A is the shadow side ({@code b-mirror-a})
     * @param vendorProperties the application's vendor properties (given to B's driver where B answers), or null
     */
    public static DualConnection open(ConnectionRuntime runtime, PhaseSnapshot pinned, ConnectionSource aConnector,
                                      ConnectionSource aShadow, Properties vendorProperties) throws SQLException {
        Connection authoritative = runtime.openAuthoritative(pinned.bAuthoritative(), aConnector, vendorProperties);
        try {
            return new DualConnection(authoritative, runtime, pinned, aConnector, aShadow, vendorProperties);
        } catch (SQLException | RuntimeException e) {
            try {
                authoritative.close();
            } catch (SQLException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    // ---- following the phase ------------------------------------------------------------------------------------

    /** Before a statement runs: pin the phase in force if no transaction is open, and check the statement is current. */
    void beforeExecute(DualStatement s) throws SQLException {
        if (closed) {
            // The vendor's closed statement answers as it does; nothing is followed any more.
            refuseIfStillOpen();
            return;
        }
        if (!inTransaction) {
            PhaseSnapshot now = control.current();
            if (now != pinned) {
                follow(now);
            }
            inTransaction = !autoCommit;
        }
        if (s.routeGeneration != routeGeneration) {
            rerouted(s);
        }
    }

    /** Before a statement is created: outside a transaction, it is made under the phase in force. */
    private void beforeCreate() throws SQLException {
        if (closed) {
            // Never follow a phase after close (that would open a connection nobody closes): the
            // vendor's closed connection answers the call with its own exception.
            refuseIfStillOpen();
            return;
        }
        if (!inTransaction) {
            PhaseSnapshot now = control.current();
            if (now != pinned) {
                follow(now);
            }
        }
    }

    private void follow(PhaseSnapshot now) throws SQLException {
        if (now.bAuthoritative() != bAnswers) {
            swapSide(now);
        } else {
            if (paired != null) {
                // Kept even when the new phase mirrors nothing: statements prepared for mirroring pass through it.
                paired.route(now);
            } else {
                paired = runtime.pair(delegate, aShadow, now);
                replayState(paired);
            }
            shadowReads = runtime.shadowReads(now);
        }
        pinned = now;
        routeGeneration++;
    }

    /**
     * Moves the application's connection to the side {@code now} makes authoritative (no transaction
     * is open). The connection it opens carries what the application set; if any step fails, it is
     * closed (the failure attached) and this connection stays as it was, on the old side, so the next
     * statement tries again and leaks nothing either.
     */
    private void swapSide(PhaseSnapshot now) throws SQLException {
        boolean toB = now.bAuthoritative();
        Connection fresh;
        try {
            fresh = runtime.openAuthoritative(toB, aConnector, vendorProperties);
        } catch (SQLException e) {
            throw cannotMove(now, toB, e);
        }
        PairedConnection freshPaired;
        try {
            if (fresh.getAutoCommit() != autoCommit) {
                fresh.setAutoCommit(autoCommit);
            }
            state.applyTo(fresh);
            freshPaired = runtime.pair(fresh, aShadow, now);
            replayState(freshPaired);
        } catch (SQLException | RuntimeException e) {
            try {
                fresh.close();
            } catch (SQLException | RuntimeException c) {
                e.addSuppressed(c);
            }
            if (e instanceof SQLException s) {
                throw cannotMove(now, toB, s);
            }
            throw e;
        }
        PairedConnection oldPaired = paired;
        Connection old = delegate;
        delegate = fresh;
        paired = freshPaired;
        shadowReads = runtime.shadowReads(now);
        metaData = null;
        bAnswers = toB;
        sideGeneration++;
        if (oldPaired != null) {
            oldPaired.close();
        }
        try {
            old.close();
        } catch (SQLException e) {
            // The old side's connection had no open transaction; failing to close it changes nothing for the application.
            LOG.debug("closing the previous authoritative connection failed: {}", e.toString());
        }
    }

    private SQLException cannotMove(PhaseSnapshot now, boolean toB, SQLException e) {
        return new SQLException("dualaccess: the phase moved from " + pinned + " to " + now + ", so " + (toB ? "B" : "A")
            + " answers now, but this connection cannot open a connection to " + (toB ? "B" : "A") + ": " + e.getMessage(),
            e.getSQLState(), e.getErrorCode(), e);
    }

    /** A paired connection made after the application set its connection state applies it too. */
    private void replayState(PairedConnection p) {
        if (p != null) {
            p.replay(state);
            if (state.changed(ConnectionState.ISOLATION)) {
                p.isolationChanged(state.isolationLevel());
            }
            if (state.changed(ConnectionState.READ_ONLY)) {
                p.readOnlyChanged(state.readOnlyValue());
            }
        }
    }

    /** A statement made under an older phase is about to run. */
    private void rerouted(DualStatement s) throws SQLException {
        if (s.sideGeneration != sideGeneration) {
            if (s.closedByApplication()) {
                return; // its vendor statement answers "closed", as it would have without the move
            }
            StatementMove.follow(s, this, pinned + ", which made " + (bAnswers ? "B" : "A") + " the side answering the application");
        }
        // A prepared statement made before mirroring began is mirrored from here on when its parameters
        // were recorded, else each of its writes is skipped and journaled (DualPreparedStatement).
        s.routeGeneration = routeGeneration;
    }

    // ---- statements are created under the phase in force ---------------------------------------------------------

    /** Outside a transaction, describes the side the phase in force makes authoritative. */
    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        beforeCreate();
        return super.getMetaData();
    }

    @Override
    public Statement createStatement() throws SQLException {
        beforeCreate();
        return super.createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        beforeCreate();
        return made(super.createStatement(resultSetType, resultSetConcurrency),
            c -> (DualStatement) c.createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        beforeCreate();
        return made(super.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability),
            c -> (DualStatement) c.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    /** Remembers how a statement was made, for {@link StatementMove}; only the uncommon forms need it. */
    private static <S extends Statement> S made(S statement, StatementMove.Recipe recipe) {
        if (statement instanceof DualStatement d) {
            d.recipe(recipe);
        }
        return statement;
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        beforeCreate();
        return super.prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        beforeCreate();
        return super.prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        beforeCreate();
        return super.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        beforeCreate();
        return made(typed(sql, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency)),
            c -> (DualStatement) c.prepareStatement(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        beforeCreate();
        return made(typed(sql, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability)),
            c -> (DualStatement) c.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    /**
     * A statement prepared with a result set type, concurrency or holdability: JDBC has no such form
     * that also asks the driver for generated keys. A mirrored INSERT whose key A generates still
     * knows its key column: it reads the key from its own rows ({@code RETURNING}), or, finding no key
     * to carry, is {@code skipped:keys_unaligned} and journaled, never mirrored for B to make a key of
     * its own.
     */
    private PreparedStatement typed(String sql, PreparedStatement raw) {
        String key = raw == null ? null : keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(raw, sql);
        }
        return track(new DualPreparedStatement(this, raw, sql, key, false));
    }

    /**
     * Also answers the runtime this connection belongs to:
     * {@code connection.unwrap(DualAccessRuntime.class)} (through a pool's proxy too) is how the
     * application reaches the runtime's phase control, events and extensions.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(runtime)) {
            return iface.cast(runtime);
        }
        return super.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(runtime) || super.isWrapperFor(iface);
    }

    /** The vendor connection of the authoritative side. */
    Connection authoritative() {
        return delegate;
    }

    @Override
    protected Statement wrapStatement(Statement raw) {
        return raw == null ? null : track(new DualStatement(this, raw, null));
    }

    @Override
    protected PreparedStatement wrapPreparedStatement(PreparedStatement raw, String sql) {
        return raw == null ? null : track(new DualPreparedStatement(this, raw, sql));
    }

    @Override
    protected CallableStatement wrapCallableStatement(CallableStatement raw, String sql) {
        return raw == null ? null : track(new DualCallableStatement(this, raw, sql));
    }

    @Override
    protected DatabaseMetaData wrapMetaData(DatabaseMetaData raw) {
        if (raw == null) {
            return null;
        }
        DualDatabaseMetaData cached = metaData;
        if (cached == null || cached.delegate != raw) {
            cached = new DualDatabaseMetaData(this, raw);
            metaData = cached;
        }
        return cached;
    }

    /** Tracks a statement the application made, so closing the connection closes it. */
    private <S extends DualStatement> S track(S statement) {
        statements.add(statement);
        return statement;
    }

    /** The application closed a statement (or a move dropped its wrapper): no longer tracked. */
    void untrack(DualStatement statement) {
        // Usually the latest made: search from the end.
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i) == statement) {
                statements.remove(i);
                return;
            }
        }
    }

    // ---- INSERTs whose keys the authoritative side generates: ask it for the keys, so the mirror
    // writes the same ones. What the application itself asked for is prepared exactly as asked.

    private String keyColumn(String sql) {
        return paired == null || sql == null ? null : paired.keyColumn(paired.classify(sql));
    }

    /**
     * Whether a write that returns rows itself ({@code INSERT … RETURNING}) is being prepared: the
     * driver is then not asked for keys (PostgreSQL's would answer them instead of the statement's
     * rows); the statement reads the key from its own rows ({@link ReturnedRows}).
     */
    private boolean returnsRows(String sql) {
        return paired.classify(sql).returnsRows();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        beforeCreate();
        String key = keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(delegate.prepareStatement(sql), sql);
        }
        if (returnsRows(sql)) {
            return track(new DualPreparedStatement(this, delegate.prepareStatement(sql), sql, key, false));
        }
        return track(new DualPreparedStatement(this, delegate.prepareStatement(sql, new String[] {key}), sql, key, false));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return made(keyed(sql, autoGeneratedKeys), c -> (DualStatement) c.prepareStatement(sql, autoGeneratedKeys));
    }

    private PreparedStatement keyed(String sql, int autoGeneratedKeys) throws SQLException {
        beforeCreate();
        String key = keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(delegate.prepareStatement(sql, autoGeneratedKeys), sql);
        }
        if (autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS) {
            return track(new DualPreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql, key, true));
        }
        if (returnsRows(sql)) {
            return track(new DualPreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql, key, false));
        }
        return track(new DualPreparedStatement(this, delegate.prepareStatement(sql, new String[] {key}), sql, key, false));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return made(keyed(sql, columnIndexes), c -> (DualStatement) c.prepareStatement(sql, columnIndexes));
    }

    private PreparedStatement keyed(String sql, int[] columnIndexes) throws SQLException {
        beforeCreate();
        String key = keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(delegate.prepareStatement(sql, columnIndexes), sql);
        }
        return track(new DualPreparedStatement(this, delegate.prepareStatement(sql, columnIndexes), sql, key, true));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return made(keyed(sql, columnNames), c -> (DualStatement) c.prepareStatement(sql, columnNames));
    }

    private PreparedStatement keyed(String sql, String[] columnNames) throws SQLException {
        beforeCreate();
        String key = keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(delegate.prepareStatement(sql, columnNames), sql);
        }
        return track(new DualPreparedStatement(this, delegate.prepareStatement(sql, columnNames), sql, key, true));
    }

    // Transaction state goes to the authoritative side first; the paired connection follows only
    // what the authoritative side accepted, so the shadow side never gets ahead of it.

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        if (paired != null && autoCommit && !this.autoCommit) {
            paired.beforeCommit();
        }
        delegate.setAutoCommit(autoCommit);
        if (paired != null) {
            paired.autoCommitChanged(autoCommit);
        }
        if (autoCommit != this.autoCommit) {
            // Switching autocommit on commits; switching it off starts from no transaction.
            this.autoCommit = autoCommit;
            transactionEnded();
        }
    }

    /**
     * Commits A's side first, then the mirror's; when the authoritative commit fails, the mirror's
     * transaction is rolled back and its connection released all the same (as {@link #rollback()}).
     */
    @Override
    public void commit() throws SQLException {
        if (paired != null) {
            // the crash-safe journal's intent, written before A commits
            paired.beforeCommit();
        }
        try {
            delegate.commit();
        } catch (SQLException | RuntimeException e) {
            PairedConnection p = paired;
            if (p != null) {
                p.commitFailed(e);
            }
            transactionEnded();
            throw e;
        }
        try {
            if (paired != null) {
                paired.committed();
            }
        } finally {
            transactionEnded();
        }
    }

    @Override
    public void rollback() throws SQLException {
        try {
            delegate.rollback();
        } finally {
            if (paired != null) {
                paired.rolledBack();
            }
            transactionEnded();
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        delegate.rollback(savepoint);
        if (paired != null) {
            paired.rolledBackTo(savepoint);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        Savepoint sp = delegate.setSavepoint();
        if (paired != null) {
            paired.savepointSet(sp);
        }
        return sp;
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        Savepoint sp = delegate.setSavepoint(name);
        if (paired != null) {
            paired.savepointSet(sp);
        }
        return sp;
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        delegate.releaseSavepoint(savepoint);
        if (paired != null) {
            paired.savepointReleased(savepoint);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        delegate.setTransactionIsolation(level);
        state.isolation(level);
        if (paired != null) {
            paired.isolationChanged(level);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate.setReadOnly(readOnly);
        state.readOnly(readOnly);
        if (paired != null) {
            paired.readOnlyChanged(readOnly);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        delegate.setSchema(schema);
        state.schema(schema);
        if (paired != null) {
            paired.stateChanged(ConnectionState.SCHEMA);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        delegate.setCatalog(catalog);
        state.catalog(catalog);
        if (paired != null) {
            paired.stateChanged(ConnectionState.CATALOG);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        delegate.setHoldability(holdability);
        state.holdability(holdability);
        if (paired != null) {
            paired.stateChanged(ConnectionState.HOLDABILITY);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        delegate.setNetworkTimeout(executor, milliseconds);
        // Replayed on the application's connection after a move only: the mirror keeps its own timeout.
        state.networkTimeout(milliseconds);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        delegate.setClientInfo(name, value);
        state.clientInfo(name, value);
        if (paired != null) {
            paired.stateChanged(ConnectionState.CLIENT_INFO);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        delegate.setClientInfo(properties);
        state.clientInfo(properties);
        if (paired != null) {
            paired.stateChanged(ConnectionState.CLIENT_INFO);
        }
    }

    /** After a close whose vendor close failed, the vendor connection may still be open: refuse ourselves. */
    private void refuseIfStillOpen() throws SQLException {
        if (!delegate.isClosed()) {
            throw new SQLException("dualaccess: the connection is closed", "08003");
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    /**
     * Closes the statements the application left open (in the order made), releases the shadow
     * side's connection (rolling back what the application did not commit), then the authoritative
     * one. The connection counts as closed from the start, whatever fails: every failure is reported,
     * the first thrown and the others attached. A second close does nothing.
     */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        Connection d = delegate;
        Throwable failure = null;
        try {
            failure = closeStatements(failure);
            PairedConnection p = paired;
            paired = null;
            if (p != null) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    failure = attach(failure, e);
                }
            }
        } finally {
            releaseWrites();
            shadowReads = null;
            metaData = null;
            try {
                d.close();
            } catch (SQLException | RuntimeException e) {
                failure = attach(failure, e);
            }
        }
        rethrow(failure);
    }

    /**
     * A pool aborting this connection (at shutdown, or evicting it): the shadow side's connection is
     * released on the executor (a rollback there may block), then the authoritative one is aborted.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (closed) {
            return;
        }
        if (executor == null) {
            throw new SQLException("dualaccess: abort needs an executor", "HY009");
        }
        closed = true;
        Connection d = delegate;
        PairedConnection p = paired;
        paired = null;
        releaseWrites();
        shadowReads = null;
        metaData = null;
        statements.clear();
        try {
            if (p != null) {
                executor.execute(p::close);
            }
        } finally {
            d.abort(executor);
        }
    }

    /**
     * Releases, in the order they were made, what the open statements hold of dualaccess's own (a
     * statement it opened to answer getGeneratedKeys, a pending read capture). Their vendor
     * statements are left to the vendor connection's close, as without dualaccess: drivers differ in
     * what a statement of a closed connection answers (H2's {@code isClosed()} says false), and the
     * application must see its driver's answer.
     */
    private Throwable closeStatements(Throwable failure) {
        DualStatement[] open = statements.toArray(new DualStatement[0]);
        statements.clear();
        for (DualStatement s : open) {
            try {
                s.connectionClosing();
            } catch (SQLException | RuntimeException e) {
                failure = attach(failure, e);
            }
        }
        return failure;
    }

    private static Throwable attach(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void rethrow(Throwable failure) throws SQLException {
        if (failure instanceof SQLException s) {
            throw s;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure != null) {
            throw new SQLException(failure);
        }
    }

    @Override
    public String toString() {
        return "DualConnection[" + delegate + "]";
    }
}
