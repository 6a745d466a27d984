package io.dualaccess.jdbc;

import java.sql.PreparedStatement;

/** The application's prepared statement; remembers its SQL for routing and comparison. */
public class DualPreparedStatement extends DelegatingPreparedStatement {

    DualPreparedStatement(DualConnection connection, PreparedStatement delegate, String sql) {
        super(connection, delegate, sql);
    }
}
