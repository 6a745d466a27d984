package io.dualaccess.keyset;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table on A and on B, columns matched by name (case-insensitively: engines fold unquoted names
 * differently). A decides which columns count: every insertable column of A must exist on B; B may
 * have more (they keep their defaults and are not compared). Rows are matched by a key both sides
 * share (the primary key, else a unique index over NOT NULL columns); when a side has none, by
 * their whole content. Two different keys are an error.
 */
public final class TablePair {

    private final String table;
    private final Side a;
    private final Side b;
    private final List<String> extraOnB;
    private final String walk;

    private TablePair(String table, Side a, Side b, List<String> extraOnB, String walk) {
        this.walk = walk;
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
        return read(a, b, table, TableNames.SAME);
    }

    /**
     * As {@link #read(Connection, Connection, String)}, with B's table and columns named by the
     * schema mapping ({@code dualaccess.map.file}): A's column pairs with B's renamed one.
     */
    public static TablePair read(Connection a, Connection b, String table, TableNames mapping) throws SQLException {
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
        boolean keyed = !ka.isEmpty() && ka.equals(kb);
        if (!keyed && !ka.isEmpty() && !kb.isEmpty()) {
            throw new SQLException("table " + table + ": keys differ, A " + ka + " (" + sa.keyName() + "), B " + kb + " ("
                + sb.keyName() + "); rows are matched by key, so both sides need the same one");
        }
        // A side without a key (no primary key, no unique index over NOT NULL columns): rows are
        // matched by their whole content on both sides.
        String walk = keyed ? sa.keyName() + " " + ka : "whole rows (no key" + (ka.isEmpty() ? " on A" : "")
            + (kb.isEmpty() ? (ka.isEmpty() ? " nor B" : " on B") : "") + ")";
        List<String> extra = new ArrayList<>();
        for (TableColumn c : sb.columns()) {
            if (!bCols.contains(c)) {
                extra.add(c.name());
            }
        }
        List<TableColumn> keyB = new ArrayList<>();
        if (keyed) {
            for (TableColumn k : sa.key()) {
                keyB.add(bCols.get(sa.columns().indexOf(k)));
            }
        }
        return new TablePair(table, new Side(sa, sa.columns(), keyed ? sa.key() : List.of()), new Side(sb, bCols, keyB), extra,
            walk);
    }

    /** Whether rows are matched by a key both sides share; else by their whole content. */
    public boolean keyed() {
        return a.keyed();
    }

    /** How rows are matched, for reports: {@code primary key [id]}, {@code unique index u [code]}, {@code whole rows (no key on A nor B)}. */
    public String walk() {
        return walk;
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
