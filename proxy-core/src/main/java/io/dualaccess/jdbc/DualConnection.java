package io.dualaccess.jdbc;

import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.ShadowSource;
import io.dualaccess.runtime.DualAccessRuntime;

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
 */
public final class DualConnection extends DelegatingConnection {

    private final DualAccessRuntime runtime;
    /** Mirrors writes to the shadow side; null when writes are not mirrored. */
    final PairedConnection paired;
    /** Replays reads on the shadow side; null when reads are not shadowed. */
    final io.dualaccess.shadow.ShadowReads shadowReads;
    /** With shadow reads: the application's autocommit, and whether its open transaction wrote. */
    private boolean autoCommit = true;
    private boolean wroteInTransaction;
    private DualDatabaseMetaData metaData;

    /**
     * @param authoritative the connection whose results the application sees
     * @param runtime the runtime of this connection's configuration
     */
    private DualConnection(Connection authoritative, DualAccessRuntime runtime, PairedConnection paired) throws SQLException {
        super(authoritative);
        this.runtime = runtime;
        this.paired = paired;
        this.shadowReads = runtime.shadowReads();
        if (shadowReads != null) {
            autoCommit = authoritative.getAutoCommit();
        }
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
    }

    /**
     * Wraps the application's connection to the authoritative side; on failure the vendor
     * connection is closed, never leaked.
     *
     * @param authoritative the vendor connection whose results the application sees
     * @param runtime the runtime of this connection's configuration
     * @param aShadow opens connections to A when A is the shadow side ({@code b-mirror-a}); else unused
     */
    public static DualConnection wrap(Connection authoritative, DualAccessRuntime runtime, ShadowSource aShadow) throws SQLException {
        try {
            return new DualConnection(authoritative, runtime, runtime.pair(authoritative, aShadow));
        } catch (SQLException | RuntimeException e) {
            try {
                authoritative.close();
            } catch (SQLException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
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
        String key = keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(delegate.prepareStatement(sql), sql);
        }
        return new DualPreparedStatement(this, delegate.prepareStatement(sql, new String[] {key}), sql, key, false);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
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
        String key = keyColumn(sql);
        if (key == null) {
            return wrapPreparedStatement(delegate.prepareStatement(sql, columnIndexes), sql);
        }
        return new DualPreparedStatement(this, delegate.prepareStatement(sql, columnIndexes), sql, key, true);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
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
        delegate.setAutoCommit(autoCommit);
        if (paired != null) {
            paired.autoCommitChanged(autoCommit);
        }
        if (shadowReads != null) {
            this.autoCommit = autoCommit;
            transactionEnded();
        }
    }

    @Override
    public void commit() throws SQLException {
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
        if (paired != null) {
            paired.isolationChanged(level);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate.setReadOnly(readOnly);
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
