package io.dualaccess.keyset;

import io.dualaccess.translate.SchemaMapping;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table on A and on B, columns matched by name (case-insensitively: engines fold unquoted names
 * differently). A decides which columns count: every insertable column of A must exist on B; B may
 * have more (they keep their defaults and are not compared). Both sides must have the same primary
 * key, since rows are matched by it.
 */
public final class TablePair {

    private final String table;
    private final Side a;
    private final Side b;
    private final List<String> extraOnB;

    private TablePair(String table, Side a, Side b, List<String> extraOnB) {
        this.table = table;
        this.a = a;
        this.b = b;
        this.extraOnB = List.copyOf(extraOnB);
    }

    /**
     * Reads both shapes and matches them.
     *
     * @throws SQLException when the table is missing on a side, has no primary key, B lacks a column of
     *                      A or the keys differ
     */
    public static TablePair read(Connection a, Connection b, String table) throws SQLException {
        return read(a, b, table, SchemaMapping.NONE);
    }

    /**
     * As {@link #read(Connection, Connection, String)}, with B's table and columns named by the
     * schema mapping ({@code dualaccess.map.file}): A's column pairs with B's renamed one.
     */
    public static TablePair read(Connection a, Connection b, String table, SchemaMapping mapping) throws SQLException {
        TableShape sa = TableShape.read(a, table);
        TableShape sb = TableShape.read(b, mapping.table(table));
        List<TableColumn> bCols = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (TableColumn c : sa.columns()) {
            TableColumn m = sb.column(mapping.column(table, c.name()));
            if (m == null) {
                missing.add(c.name());
            } else {
                bCols.add(m);
            }
        }
        if (!missing.isEmpty()) {
            throw new SQLException("table " + table + ": B lacks column(s) " + missing + " that A has");
        }
        List<String> ka = sa.key().stream().map(c -> mapping.column(table, c.name()).toLowerCase(Locale.ROOT)).toList();
        List<String> kb = sb.key().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        if (!ka.equals(kb)) {
            throw new SQLException("table " + table + ": primary keys differ, A " + ka + ", B " + kb
                + "; rows are matched by primary key, so both sides need the same one");
        }
        List<String> extra = new ArrayList<>();
        for (TableColumn c : sb.columns()) {
            if (!bCols.contains(c)) {
                extra.add(c.name());
            }
        }
        return new TablePair(table, new Side(sa, sa.columns()), new Side(sb, bCols), extra);
    }

    /** The table as the user named it. */
    public String table() {
        return table;
    }

    /** A's side. */
    public Side a() {
        return a;
    }

    /** B's side. */
    public Side b() {
        return b;
    }

    /** Columns B has and A lacks: not copied, not compared. */
    public List<String> extraOnB() {
        return extraOnB;
    }

    /** Column labels in the pair's order (A's names). */
    public List<String> labels() {
        return a.columns().stream().map(TableColumn::name).toList();
    }
}
