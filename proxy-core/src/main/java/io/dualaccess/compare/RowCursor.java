package io.dualaccess.compare;

import java.sql.SQLException;
import java.util.List;

/**
 * A result read row by row: its columns, and a cursor over its rows, each row read as a
 * {@link RowSource}. What {@link CanonicalRows} walks; the comparison never sees a
 * {@code ResultSet}: {@code results.ResultRows} adapts one.
 */
public interface RowCursor extends RowSource {

    /** Every column of the result, in order (ignored ones included). */
    List<Column> columns() throws SQLException;

    /** Moves to the next row; false past the last. */
    boolean next() throws SQLException;
}
