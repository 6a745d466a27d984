package io.dualaccess.conformance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Set-up and tear-down SQL that is not itself under test, so not recorded. It throws on failure:
 * a scenario whose set-up fails is broken, and the suite says so.
 */
final class Sql {

    private Sql() {
    }

    /** Executes each statement in its own {@code execute}. */
    static void exec(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Drops the tables if they exist, in the given order (children before parents). */
    static void dropTables(Connection c, String... tables) throws SQLException {
        for (String table : tables) {
            exec(c, "drop table if exists " + table);
        }
    }

    /** The first column of the first row, or null when no row. */
    static Object scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    /** The first column of the first row of a query on a given statement, or null when no row. */
    static Object scalarOf(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    /** The rows of a table, ordered by its first column, as text; for "what does the table hold now". */
    static String contents(Connection c, String table) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table + " order by 1")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                sb.append('(');
                for (int i = 1; i <= columns; i++) {
                    if (i > 1) {
                        sb.append(", ");
                    }
                    sb.append(Render.value(rs.getObject(i)));
                }
                sb.append(')');
            }
        }
        return sb.length() == 0 ? "(empty)" : sb.toString();
    }
}
