package io.dualaccess.jdbc;

import io.dualaccess.runtime.DualAccessRuntime;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The application's connection. It answers from the authoritative side's connection and makes
 * sure every object reachable from it is one of ours, so no vendor object escapes (except through
 * {@code unwrap}, which is how the application asks for one).
 */
public final class DualConnection extends DelegatingConnection {

    private final DualAccessRuntime runtime;
    private DualDatabaseMetaData metaData;

    /**
     * @param authoritative the connection whose results the application sees
     * @param runtime the runtime of this connection's configuration
     */
    public DualConnection(Connection authoritative, DualAccessRuntime runtime) {
        super(authoritative);
        this.runtime = runtime;
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

    @Override
    public void close() throws SQLException {
        delegate.close();
    }

    @Override
    public String toString() {
        return "DualConnection[" + delegate + "]";
    }
}
