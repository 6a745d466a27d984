package io.dualaccess.jdbc;

import java.sql.Statement;
import javax.sql.rowset.RowSetFactory;
import javax.sql.rowset.RowSetProvider;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the keys the authoritative side generated, so the mirror can write the same ones. Drivers
 * hand out one generated-keys result per execution that can be read once; when the application
 * asked for the keys too, it gets an in-memory copy ({@link KeyRows}: read-only, with a snapshot of
 * the vendor's column metadata) holding exactly the rows the driver returned.
 */
final class GeneratedKeys {

    private GeneratedKeys() {
    }

    /**
     * The key values, and the copy for the application (null when it did not ask, or when the driver
     * hands out a fresh result on every call, as MariaDB's does, so the application reads its own).
     *
     * @param copyHasStatement whether the vendor's result named a statement (the copy then answers ours)
     */
    record Captured(List<Object> keys, ResultSet forApplication, boolean copyHasStatement) {
    }

    static Captured read(Statement statement, String column, boolean forApplication) throws SQLException {
        ResultSet vendorKeys = statement.getGeneratedKeys();
        if (vendorKeys == null) {
            throw new SQLException("the authoritative side returned no generated keys for column " + column);
        }
        if (vendorKeys.isClosed()) {
            // PostgreSQL's plain Statement with column indexes hands out a closed result: leave it
            // to the application exactly as it is.
            throw new SQLException("the authoritative side's generated keys result is closed");
        }
        ResultSet rs = vendorKeys;
        KeyRows copy = null;
        boolean hasStatement = false;
        if (forApplication) {
            ResultSet again = statement.getGeneratedKeys();
            if (again == vendorKeys) {
                // One result per execution, read once (H2, PostgreSQL): the application gets a copy.
                hasStatement = vendorKeys.getStatement() != null;
                copy = KeyRows.copy(vendorKeys);
                rs = copy;
            } else if (again != null) {
                again.close();
            }
        }
        ResultSetMetaData md = rs.getMetaData();
        int index = -1;
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (column.equalsIgnoreCase(md.getColumnLabel(i)) || column.equalsIgnoreCase(md.getColumnName(i))) {
                index = i;
                break;
            }
        }
        if (index < 0 && md.getColumnCount() == 1) {
            // MariaDB and MySQL name the single key column after the driver ("insert_id"), not the table.
            index = 1;
        }
        if (index < 0) {
            throw new SQLException("the generated keys do not include column " + column);
        }
        List<Object> keys = new ArrayList<>();
        while (rs.next()) {
            keys.add(rs.getObject(index));
        }
        if (copy != null) {
            copy.beforeFirst();
        }
        // Read through: the vendor's result is spent, as after an application read it and closed it.
        vendorKeys.close();
        return new Captured(keys, copy, hasStatement);
    }

    /**
     * Distributes keys over executions, each inserting {@code rowsPerExecution} VALUES rows. MariaDB
     * reports only the first key of a multi-row INSERT; the others follow it consecutively
     * (auto_increment_increment = 1, the default, is assumed and documented).
     */
    static List<List<Object>> perExecution(List<Object> keys, int executions, int rowsPerExecution) throws SQLException {
        int rows = Math.max(1, rowsPerExecution);
        List<List<Object>> out = new ArrayList<>(executions);
        if (keys.size() == executions * rows) {
            for (int e = 0; e < executions; e++) {
                out.add(List.copyOf(keys.subList(e * rows, (e + 1) * rows)));
            }
            return out;
        }
        if (keys.size() == executions && rows > 1 && keys.stream().allMatch(k -> k instanceof Number)) {
            for (Object first : keys) {
                List<Object> run = new ArrayList<>(rows);
                long start = ((Number) first).longValue();
                for (int r = 0; r < rows; r++) {
                    run.add(start + r);
                }
                out.add(run);
            }
            return out;
        }
        throw new SQLException("the authoritative side returned " + keys.size() + " generated key(s) for "
            + executions * rows + " VALUES row(s)");
    }

    private static volatile RowSetFactory rowSets;

    /** The JDK's row set factory, looked up once: {@code RowSetProvider.newFactory()} searches service files on every call. */
    static RowSetFactory rowSets() throws SQLException {
        RowSetFactory f = rowSets;
        if (f == null) {
            f = RowSetProvider.newFactory();
            rowSets = f;
        }
        return f;
    }
}
