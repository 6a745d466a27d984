package io.dualaccess.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The application's result set; {@code getStatement()} leads back to our statement, never the vendor's. */
public final class DualResultSet extends DelegatingResultSet {

    private final DualConnection connection;
    private DualStatement owner;
    private final boolean copy;
    /** Digests the rows for a shadow read; null when this result is not compared. */
    io.dualaccess.shadow.ReadCapture capture;

    /**
     * @param owner the statement that produced it, or null for results of {@code DatabaseMetaData}
     */
    DualResultSet(DualConnection connection, DualStatement owner, ResultSet delegate) {
        this(connection, owner, delegate, false);
    }

    /**
     * @param copy whether {@code delegate} is dualaccess's in-memory copy of a vendor result (which
     *             knows no statement): {@code getStatement()} then answers the owner
     */
    DualResultSet(DualConnection connection, DualStatement owner, ResultSet delegate, boolean copy) {
        super(delegate);
        this.connection = connection;
        this.owner = owner;
        this.copy = copy;
    }

    @Override
    protected Statement wrapStatement(Statement raw) throws SQLException {
        if (copy) {
            return owner;
        }
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
    public boolean next() throws SQLException {
        boolean has = delegate.next();
        io.dualaccess.shadow.ReadCapture c = capture;
        if (c != null) {
            if (has) {
                c.row(delegate);
            } else {
                capture = null;
                c.exhausted(delegate);
            }
        }
        return has;
    }

    @Override
    public void close() throws SQLException {
        io.dualaccess.shadow.ReadCapture c = capture;
        capture = null;
        if (c != null) {
            c.closed();
        }
        delegate.close();
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
