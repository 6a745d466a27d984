package io.dualaccess.route;

import io.dualaccess.keyset.KeyColumns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Moves B's key generators past A's largest key, table by table, before B becomes authoritative:
 * while A answers, the mirror writes A's keys into B explicitly and B's own sequences never move,
 * so without this step B's first own INSERT would collide with a mirrored row.
 *
 * <pre>{@code
 * try (Connection a = ..., Connection b = ...) {
 *     SequenceAlignment.align(a, b, List.of("orders", "order_lines"));
 * }
 * }</pre>
 */
public final class SequenceAlignment {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceAlignment.class);

    private SequenceAlignment() {
    }

    /**
     * What was done for one table.
     *
     * @param table the table
     * @param column its generated key column, or null when it has none
     * @param maxA the largest key on A (0 when empty)
     * @param next the value B's generator now hands out next, or -1 when nothing was done
     */
    public record Result(String table, String column, long maxA, long next) {
    }

    /**
     * Aligns each table's generator on B to {@code max(A's largest key, B's largest key) + 1}.
     *
     * @param a a connection to A (read only)
     * @param b a connection to B (altered)
     * @param tables the tables to align
     */
    public static List<Result> align(Connection a, Connection b, List<String> tables) throws SQLException {
        return align(a, b, tables, 0);
    }

    /**
     * As {@link #align(Connection, Connection, List)}, leaving {@code gap} unused keys between A's
     * largest key and B's next one. A phase change needs the gap: inserts that A answers while the
     * fleet is still moving (transactions already running, instances that have not polled yet)
     * take keys past the largest key read here, and must not meet the keys B hands out next.
     */
    public static List<Result> align(Connection a, Connection b, List<String> tables, long gap) throws SQLException {
        if (gap < 0) {
            throw new IllegalArgumentException("gap must be 0 or more, not " + gap);
        }
        KeyColumns keys = new KeyColumns();
        List<Result> out = new ArrayList<>();
        String product = b.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        for (String table : tables) {
            String column = keys.of(a, table);
            if (column == null) {
                out.add(new Result(table, null, 0, -1));
                continue;
            }
            String bColumn = keys.of(b, table);
            String bCol = bColumn != null ? bColumn : column;
            long next = Math.max(max(a, table, column), max(b, table, bCol)) + 1 + gap;
            try (Statement s = b.createStatement()) {
                if (product.contains("postgres")) {
                    try (ResultSet rs = s.executeQuery("select setval(pg_get_serial_sequence('" + table.replace("'", "''")
                        + "', '" + bCol.replace("'", "''") + "'), " + next + ", false)")) {
                        rs.next();
                    }
                } else if (product.contains("mariadb") || product.contains("mysql")) {
                    s.execute("alter table " + table + " auto_increment = " + next);
                } else if (product.contains("h2")) {
                    s.execute("alter table " + table + " alter column " + bCol + " restart with " + next);
                } else {
                    throw new SQLException("dualaccess: do not know how to move the key generator of " + table
                        + " on " + product + "; move it past " + (next - 1) + " by hand");
                }
            }
            if (!b.getAutoCommit()) {
                b.commit();
            }
            LOG.info("aligned {}.{} on B: next key {}", table, bCol, next);
            out.add(new Result(table, bCol, next - 1, next));
        }
        return out;
    }

    private static long max(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select max(" + column + ") from " + table)) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? 0 : v;
        }
    }
}
