package io.dualaccess.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;

/** The application's view of database metadata; its result sets and {@code getConnection()} are ours. */
public final class DualDatabaseMetaData extends DelegatingDatabaseMetaData {

    private final DualConnection connection;

    DualDatabaseMetaData(DualConnection connection, DatabaseMetaData delegate) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    protected ResultSet wrapResultSet(ResultSet raw) {
        return raw == null ? null : DualResultSet.of(connection, null, raw, false);
    }

    @Override
    protected Connection wrapConnection(Connection raw) {
        return raw == null ? null : connection;
    }

    @Override
    public String toString() {
        return "DualDatabaseMetaData[" + delegate + "]";
    }
}
