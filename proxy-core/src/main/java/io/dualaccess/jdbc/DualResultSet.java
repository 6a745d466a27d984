package io.dualaccess.jdbc;

import io.dualaccess.shadow.ReadCapture;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * The application's result set; {@code getStatement()} leads back to our statement, never the
 * vendor's. The common case, a result of one of our statements, carries only its owner (24 bytes:
 * one is made per query); results of {@code DatabaseMetaData} and dualaccess's copies of generated
 * keys are a {@link Detached} subclass that also knows the connection.
 */
public class DualResultSet extends DelegatingResultSet {

    DualStatement owner;
    /** Digests the rows for a shadow read; null when this result is not compared. */
    ReadCapture capture;

    private DualResultSet(DualStatement owner, ResultSet delegate) {
        super(delegate);
        this.owner = owner;
    }

    /** A result of one of our statements. */
    static DualResultSet of(DualStatement owner, ResultSet delegate) {
        return new DualResultSet(owner, delegate);
    }

    /**
     * @param owner the statement that produced it, or null for results of {@code DatabaseMetaData}
     * @param copy whether {@code delegate} is dualaccess's in-memory copy of a vendor result (which
     *             knows no statement): {@code getStatement()} then answers the owner
     */
    static DualResultSet of(DualConnection connection, DualStatement owner, ResultSet delegate, boolean copy) {
        return owner != null && !copy ? new DualResultSet(owner, delegate) : new Detached(connection, owner, delegate, copy);
    }

    /** The connection the application got this result through. */
    DualConnection connection() {
        return owner.connection;
    }

    /** Whether this is dualaccess's copy of a vendor result. */
    boolean copy() {
        return false;
    }

    /** A result without a statement of ours behind it, or a copy: it keeps its connection itself. */
    private static final class Detached extends DualResultSet {
        private final DualConnection connection;
        private final boolean copy;

        Detached(DualConnection connection, DualStatement owner, ResultSet delegate, boolean copy) {
            super(owner, delegate);
            this.connection = connection;
            this.copy = copy;
        }

        @Override
        DualConnection connection() {
            return connection;
        }

        @Override
        boolean copy() {
            return copy;
        }
    }

    @Override
    protected Statement wrapStatement(Statement raw) throws SQLException {
        if (copy()) {
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
        DualConnection connection = connection();
        if (raw instanceof CallableStatement cs) {
            o = new DualCallableStatement(connection, cs, null);
        } else if (raw instanceof PreparedStatement ps) {
            o = new DualPreparedStatement(connection, ps, null);
        } else {
            o = new DualStatement(connection, raw, null);
        }
        owner = o;
        return o;
    }

    @Override
    public boolean next() throws SQLException {
        ReadCapture c = capture;
        if (c != null) {
            // A row past the kept ones is digested as the application leaves it, with what it read.
            c.leaveRow();
        }
        boolean has = delegate.next();
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
        ReadCapture c = capture;
        capture = null;
        if (c != null) {
            c.leaveRow();
            // A point lookup reads its row and closes without asking for the next one: isLast()
            // tells a complete result (compared) from a partial one without moving the cursor
            // (next() would: some drivers still answer getters after close, and the application
            // must see the row it was on). Any trouble, or a driver that cannot tell, leaves it partial.
            boolean complete = false;
            try {
                complete = !delegate.isClosed() && delegate.isLast();
            } catch (SQLException | RuntimeException e) {
                complete = false;
            }
            if (complete) {
                c.exhausted(delegate);
            } else {
                c.closed();
            }
        }
        delegate.close();
    }

    // The getters a compared read's digest can reuse (ReadCapture): each hands the capture what the
    // application got, and returns it unchanged.

    @Override
    public int getInt(int column) throws SQLException {
        int v = delegate.getInt(column);
        ReadCapture c = capture;
        if (c != null) {
            c.readLong(column, v, true);
        }
        return v;
    }

    @Override
    public long getLong(int column) throws SQLException {
        long v = delegate.getLong(column);
        ReadCapture c = capture;
        if (c != null) {
            c.readLong(column, v, false);
        }
        return v;
    }

    @Override
    public double getDouble(int column) throws SQLException {
        double v = delegate.getDouble(column);
        ReadCapture c = capture;
        if (c != null) {
            c.readDouble(column, v);
        }
        return v;
    }

    @Override
    public String getString(int column) throws SQLException {
        String v = delegate.getString(column);
        ReadCapture c = capture;
        if (c != null) {
            c.readText(column, v);
        }
        return v;
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        Timestamp v = delegate.getTimestamp(column);
        ReadCapture c = capture;
        if (c != null) {
            c.readTimestamp(column, v);
        }
        return v;
    }

    @Override
    protected ResultSet wrapNestedResultSet(ResultSet raw) {
        return of(connection(), owner, raw, false);
    }

    @Override
    public String toString() {
        return "DualResultSet[" + delegate + "]";
    }
}
