package io.dualaccess.compare;

import java.sql.SQLException;

/**
 * The row a digest reads from: the few getters it needs, by 1-based column index, on whatever row
 * the source is on. The shadow path's capture is one (it answers from the application's result
 * set without another object per read), and so is a replay's result on a worker; the comparison
 * never sees a {@code ResultSet}, its statement or its connection ({@code results.ResultRows} adapts
 * one, outside this package).
 */
public interface RowSource {

    /** The column's value as the driver returns it ({@code getObject}), null for SQL NULL. */
    Object getObject(int column) throws SQLException;

    /** The column's value as a long ({@code getLong}: 0 for SQL NULL, then {@link #wasNull()} says so). */
    long getLong(int column) throws SQLException;

    /** The column's value as a double ({@code getDouble}: 0 for SQL NULL, then {@link #wasNull()} says so). */
    double getDouble(int column) throws SQLException;

    /** Whether the last value read was SQL NULL. */
    boolean wasNull() throws SQLException;

    /**
     * Whether the value of a {@code TIMESTAMP} column on this row is already known as a
     * {@link java.sql.Timestamp}'s parts, without a {@code getObject} (the application read it):
     * then {@link #timestampTime()} and {@link #timestampNanos()} hold them, or {@link #wasNull()}
     * is true for SQL NULL. A source that answers true must answer exactly what {@code getObject}
     * would have returned for the column. The default knows nothing.
     */
    default boolean knownTimestamp(int column) throws SQLException {
        return false;
    }

    /** After {@link #knownTimestamp} answered true: the value's {@code getTime()}. */
    default long timestampTime() {
        throw new IllegalStateException("no known timestamp");
    }

    /** After {@link #knownTimestamp} answered true: the value's {@code getNanos()}. */
    default int timestampNanos() {
        throw new IllegalStateException("no known timestamp");
    }
}
