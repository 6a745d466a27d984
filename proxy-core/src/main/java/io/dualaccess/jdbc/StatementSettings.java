package io.dualaccess.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The settings the application gave a statement (fetch size, limits, timeout…), remembered so a
 * statement prepared again on the other side after a side move ({@link StatementMove}) behaves as
 * the application set it up. Made only when the application calls one of these setters.
 */
final class StatementSettings {
    private Integer fetchSize;
    private Integer fetchDirection;
    private Integer maxFieldSize;
    private Integer queryTimeout;
    /** setMaxRows and setLargeMaxRows set the same limit; the last call wins. */
    private Long maxRows;
    private boolean maxRowsLarge;
    private Boolean escapeProcessing;
    private Boolean poolable;
    private boolean closeOnCompletion;
    private String cursorName;

    void fetchSize(int rows) {
        fetchSize = rows;
    }

    void fetchDirection(int direction) {
        fetchDirection = direction;
    }

    void maxFieldSize(int bytes) {
        maxFieldSize = bytes;
    }

    void queryTimeout(int seconds) {
        queryTimeout = seconds;
    }

    void maxRows(long rows, boolean large) {
        maxRows = rows;
        maxRowsLarge = large;
    }

    void escapeProcessing(boolean on) {
        escapeProcessing = on;
    }

    void poolable(boolean on) {
        poolable = on;
    }

    void closeOnCompletion() {
        closeOnCompletion = true;
    }

    void cursorName(String name) {
        cursorName = name;
    }

    /** Gives {@code target} (a vendor statement on the new side) the same settings. */
    void applyTo(Statement target) throws SQLException {
        if (fetchSize != null) {
            target.setFetchSize(fetchSize);
        }
        if (fetchDirection != null) {
            target.setFetchDirection(fetchDirection);
        }
        if (maxFieldSize != null) {
            target.setMaxFieldSize(maxFieldSize);
        }
        if (queryTimeout != null) {
            target.setQueryTimeout(queryTimeout);
        }
        if (maxRows != null) {
            if (maxRowsLarge) {
                target.setLargeMaxRows(maxRows);
            } else {
                target.setMaxRows(maxRows.intValue());
            }
        }
        if (escapeProcessing != null) {
            target.setEscapeProcessing(escapeProcessing);
        }
        if (poolable != null) {
            target.setPoolable(poolable);
        }
        if (closeOnCompletion) {
            target.closeOnCompletion();
        }
        if (cursorName != null) {
            target.setCursorName(cursorName);
        }
    }
}
