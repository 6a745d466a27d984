package io.dualaccess.jdbc;

import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the keys the authoritative side generated, so the mirror can write the same ones. Drivers
 * hand out one generated-keys result per execution that can be read once; when the application
 * asked for the keys too, it gets an in-memory copy (a {@link CachedRowSet} with the vendor's
 * column metadata) holding exactly the rows the driver returned.
 */
final class GeneratedKeys {

    private GeneratedKeys() {
    }

    /** The key values, and the copy for the application (or null when it did not ask). */
    record Captured(List<Object> keys, ResultSet forApplication) {
    }

    static Captured read(ResultSet vendorKeys, String column, boolean forApplication) throws SQLException {
        if (vendorKeys == null) {
            throw new SQLException("the authoritative side returned no generated keys for column " + column);
        }
        ResultSet rs = vendorKeys;
        CachedRowSet copy = null;
        if (forApplication) {
            copy = RowSetProvider.newFactory().createCachedRowSet();
            copy.populate(vendorKeys);
            rs = copy;
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
        return new Captured(keys, copy);
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
            + executions * rows + " inserted row(s)");
    }
}
