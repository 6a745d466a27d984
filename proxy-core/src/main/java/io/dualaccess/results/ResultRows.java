package io.dualaccess.results;

import io.dualaccess.compare.Column;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.RowCursor;
import io.dualaccess.compare.RowDigest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A JDBC result as the comparison reads it ({@link RowCursor}): the one place where a
 * {@code ResultSet} becomes rows for {@code compare}, which never sees one (its statement, its
 * connection, its LOBs). One per result, reused row after row; the caller closes the result set.
 */
public final class ResultRows implements RowCursor {

    private final ResultSet rs;
    private List<Column> columns;

    private ResultRows(ResultSet rs) {
        this.rs = rs;
    }

    /** The rows of a result set (not advanced: call {@link #next()} first, or read the row it is on). */
    public static ResultRows of(ResultSet rs) {
        return new ResultRows(rs);
    }

    /** A digest for a result's columns, read from its metadata (verify, replays on the shadow side). */
    public static RowDigest digest(ResultSet rs, NormalizationRules rules, int keepRows) throws SQLException {
        return RowDigest.of(RowDigest.Shape.of(rs.getMetaData(), rules), keepRows);
    }

    @Override
    public List<Column> columns() throws SQLException {
        List<Column> c = columns;
        if (c == null) {
            c = Column.of(rs.getMetaData());
            columns = c;
        }
        return c;
    }

    @Override
    public boolean next() throws SQLException {
        return rs.next();
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return rs.getObject(column);
    }

    @Override
    public long getLong(int column) throws SQLException {
        return rs.getLong(column);
    }

    @Override
    public double getDouble(int column) throws SQLException {
        return rs.getDouble(column);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return rs.wasNull();
    }
}
