package io.dualaccess.jdbc;

import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.ShadowSource;
import io.dualaccess.route.PhaseControl;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.sql.SqlKind;
import io.dualaccess.sql.StatementInfo;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

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

    private final DualAccessRuntime runtime;
    private final PhaseControl control;
    /** Opens the application's connection to A, for a swap back to A. */
    private final ShadowSource aConnector;
    /** Opens connections to A as the shadow side. */
    private final ShadowSource aShadow;
    /** The application's vendor properties, for B's driver where B answers. */
    private final java.util.Properties vendorProperties;
    /** Mirrors writes to the shadow side; null while the pinned phase mirrors nothing on this side. */
    PairedConnection paired;
    /** Replays reads on the shadow side; null while the pinned phase shadows no read. */
    io.dualaccess.shadow.ShadowReads shadowReads;
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
    /** What the application set, replayed on a connection to the other side after a swap. */
    private Integer isolation;
    private Boolean readOnly;
    private DualDatabaseMetaData metaData;

    private DualConnection(Connection authoritative, DualAccessRuntime runtime, PhaseSnapshot pinned, ShadowSource aConnector,
                           ShadowSource aShadow, java.util.Properties vendorProperties) throws SQLException {
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
        this.shadowReads = runtime.shadowReads(pinned);
    }

    /**
     * Whether a read now may be replayed elsewhere: not inside a transaction that has written,
     * whose uncommitted rows no other connection can see.
     */
    boolean readReplayable() {
        return autoCommit || !wroteInTransaction;
    }

    /** Notes a statement the application runs, for {@link #readReplayable()}. */
    void noteStatement(String sql) {
        if (!autoCommit && !wroteInTransaction && sql != null
            && runtime.classifier().classify(sql).kind() != io.dualaccess.sql.SqlKind.READ) {
            wroteInTransaction = true;
        }
    }

    private void transactionEnded() {
        wroteInTransaction = false;
        inTransaction = false;
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
    public static DualConnection open(DualAccessRuntime runtime, PhaseSnapshot pinned, ShadowSource aConnector,
                                      ShadowSource aShadow, java.util.Properties vendorProperties) throws SQLException {
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
        if (!inTransaction) {
            PhaseSnapshot now = control.current();
            if (now != pinned) {
                follow(now);
            }
        }
    }

    /** Whether the pinned phase replays this read on the shadow side. */
    boolean shadows(StatementInfo info) {
        return pinned.shadows(info.tables());
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

    /** Moves the application's connection to the side {@code now} makes authoritative (no transaction is open). */
    private void swapSide(PhaseSnapshot now) throws SQLException {
        boolean toB = now.bAuthoritative();
        Connection fresh;
        try {
            fresh = runtime.openAuthoritative(toB, aConnector, vendorProperties);
            if (fresh.getAutoCommit() != autoCommit) {
                fresh.setAutoCommit(autoCommit);
            }
            if (readOnly != null) {
                fresh.setReadOnly(readOnly);
            }
            if (isolation != null) {
                fresh.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            throw new SQLException("dualaccess: the phase moved from " + pinned + " to " + now + ", so " + (toB ? "B" : "A")
                + " answers now, but this connection cannot open a connection to " + (toB ? "B" : "A") + ": " + e.getMessage(),
                e.getSQLState(), e.getErrorCode(), e);
        }
        PairedConnection oldPaired = paired;
        Connection old = delegate;
        PairedConnection freshPaired;
        try {
            freshPaired = runtime.pair(fresh, aShadow, now);
            replayState(freshPaired);
        } catch (SQLException | RuntimeException e) {
            try {
                fresh.close();
            } catch (SQLException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
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
            org.slf4j.LoggerFactory.getLogger(DualConnection.class).debug("closing the previous authoritative connection failed: {}", e.toString());
        }
    }

    /** A paired connection made after the application set isolation or read-only applies them too. */
    private void replayState(PairedConnection p) {
        if (p != null) {
            if (isolation != null) {
                p.isolationChanged(isolation);
            }
            if (readOnly != null) {
                p.readOnlyChanged(readOnly);
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
        if (s instanceof DualPreparedStatement ps && ps.parameters == ParameterCapture.NONE && s.sql != null && paired != null) {
            StatementInfo info = paired.classify(s.sql);
            if (info.kind() != SqlKind.TRANSACTION && paired.concerns(info)) {
                // Its parameters were never captured: this write cannot be mirrored. Each run is journaled.
                paired.notMirrored(info, s.sql, "prepared_before_phase_change");
                return;
            }
        }
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
        return made(super.prepareStatement(sql, resultSetType, resultSetConcurrency),
            c -> (DualStatement) c.prepareStatement(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        beforeCreate();
        return made(super.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
            c -> (DualStatement) c.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    /** The runtime this connection belongs to. */
    public DualAccessRuntime runtime() {
        return runtime;
    }

    /** The vendor connection of the authoritative side. */
    Connection authoritative() {
        return delegate;
    }

    @Override
    protected Statement wrapStatement(Statement raw) {
        return raw == null ? null : new DualStatement(this, raw, null);
    }

    @Override
    protected PreparedStatement wrapPreparedStatement(PreparedStatement raw, String sql) {
        return raw == null ? null : new DualPreparedStatement(this, raw, sql);
    }

    @Override
    protected CallableStatement wrapCallableStatement(CallableStatement raw, String sql) {
        return raw == null ? null : new DualCallableStatement(this, raw, sql);
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

    // ---- INSERTs whose keys the authoritative side generates: ask it for the keys, so the mirror
    // writes the same ones. What the application itself asked for is prepared exactly as asked.

    private String keyColumn(String sql) {
        return paired == null || sql == null ? null : paired.keyColumn(paired.classify(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        beforeCreate();
        String key = keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(delegate.prepareStatement(sql), sql);
        }
        return new DualPreparedStatement(this, delegate.prepareStatement(sql, new String[] {key}), sql, key, false);
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
            return new DualPreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql, key, true);
        }
        return new DualPreparedStatement(this, delegate.prepareStatement(sql, new String[] {key}), sql, key, false);
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
        return new DualPreparedStatement(this, delegate.prepareStatement(sql, columnIndexes), sql, key, true);
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
        return new DualPreparedStatement(this, delegate.prepareStatement(sql, columnNames), sql, key, true);
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

    @Override
    public void commit() throws SQLException {
        if (paired != null) {
            paired.beforeCommit();
        }
        delegate.commit();
        if (paired != null) {
            paired.committed();
        }
        transactionEnded();
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
        isolation = level;
        if (paired != null) {
            paired.isolationChanged(level);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate.setReadOnly(readOnly);
        this.readOnly = readOnly;
        if (paired != null) {
            paired.readOnlyChanged(readOnly);
        }
    }

    /** Releases the shadow side's connection (rolling back what the application did not commit), then A's. */
    @Override
    public void close() throws SQLException {
        try {
            if (paired != null) {
                paired.close();
            }
        } finally {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return "DualConnection[" + delegate + "]";
    }
}
