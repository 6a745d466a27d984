package io.dualaccess.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The application's statement. Result sets it hands out are ours, and every road back
 * ({@code getConnection()}, {@code ResultSet.getStatement()}) returns our objects.
 */
public class DualStatement extends DelegatingStatement {

    /** The connection the application obtained this statement from. */
    final DualConnection connection;
    /** The SQL it was prepared with, or null for a plain statement. */
    final String sql;
    private DualResultSet current;

    DualStatement(DualConnection connection, Statement delegate, String sql) {
        super(delegate);
        this.connection = connection;
        this.sql = sql;
    }

    @Override
    protected final ResultSet wrapResultSet(ResultSet raw) {
        if (raw == null) {
            return null;
        }
        // getResultSet() may be called repeatedly for the same result: hand out the same wrapper.
        DualResultSet cached = current;
        if (cached == null || cached.delegate != raw) {
            cached = new DualResultSet(connection, this, raw);
            current = cached;
        }
        return cached;
    }

    @Override
    protected final Connection wrapConnection(Connection raw) {
        return raw == null ? null : connection;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
