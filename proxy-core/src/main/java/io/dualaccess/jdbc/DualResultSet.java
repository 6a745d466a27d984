package io.dualaccess.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The application's result set; {@code getStatement()} leads back to our statement, never the vendor's. */
public final class DualResultSet extends DelegatingResultSet {

    private final DualConnection connection;
    private DualStatement owner;

    /**
     * @param owner the statement that produced it, or null for results of {@code DatabaseMetaData}
     */
    DualResultSet(DualConnection connection, DualStatement owner, ResultSet delegate) {
        super(delegate);
        this.connection = connection;
        this.owner = owner;
    }

    @Override
    protected Statement wrapStatement(Statement raw) throws SQLException {
        if (raw == null) {
            return null;
        }
        DualStatement o = owner;
        if (o != null && o.delegate == raw) {
            return o;
        }
        // A metadata result set may report the driver's internal statement: wrap it once, as the
        // same kind of statement, never leak it.
        if (raw instanceof java.sql.CallableStatement cs) {
            o = new DualCallableStatement(connection, cs, null);
        } else if (raw instanceof java.sql.PreparedStatement ps) {
            o = new DualPreparedStatement(connection, ps, null);
        } else {
            o = new DualStatement(connection, raw, null);
        }
        owner = o;
        return o;
    }

    @Override
    protected ResultSet wrapNestedResultSet(ResultSet raw) {
        return new DualResultSet(connection, owner, raw);
    }

    @Override
    public String toString() {
        return "DualResultSet[" + delegate + "]";
    }
}
