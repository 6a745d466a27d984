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
}
