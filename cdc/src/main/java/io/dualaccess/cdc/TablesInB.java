package io.dualaccess.cdc;

import io.dualaccess.source.ConnectionSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** The sync's own tables in B (offsets, schema history): found whatever case B folds names to, created once. */
final class TablesInB {

    /** The column list of a table, which may depend on B's engine. */
    interface Columns {
        String of(Connection c) throws SQLException;
    }

    private TablesInB() {
    }

    /** Whether B has the table, under its name as given or upper-cased (H2 folds unquoted names up). */
    static boolean exists(Connection c, String table) throws SQLException {
        for (String t : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, t, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Creates the table when it is missing; another process creating it meanwhile is not an error. */
    static void createIfMissing(ConnectionSource b, String table, Columns columns) throws SQLException {
        try (Connection c = b.open()) {
            if (exists(c, table)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("create table " + table + " (" + columns.of(c) + ")");
            } catch (SQLException e) {
                if (!exists(c, table)) {
                    throw e;
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
