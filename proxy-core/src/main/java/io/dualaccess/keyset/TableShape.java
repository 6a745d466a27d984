package io.dualaccess.keyset;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A table on one side as its catalog describes it: exact name, columns in order, primary key.
 * Names are always quoted in the SQL built from it, with the side's own quote character and the
 * case the catalog stores, so reserved words and mixed case work on every engine.
 *
 * @param requested the name as the user gave it ({@code orders}, {@code shop.orders})
 * @param sqlName the quoted, possibly schema-qualified name for SQL
 * @param columns every insertable column, in the table's order (generated columns left out)
 * @param key the columns rows are matched by, in key order: the primary key, else the smallest
 *            unique index over NOT NULL columns; empty when the table has neither (rows are then
 *            matched by their whole content)
 * @param dialect the engine
 * @param keyName what {@code key} is, for reports: {@code primary key}, {@code unique index NAME}, or
 *                {@code none}
 */
public record TableShape(String requested, String sqlName, List<TableColumn> columns, List<TableColumn> key,
                         Dialect dialect, String quote, String keyName) {

    /** What {@link #keyName()} says of a table with neither a primary key nor a usable unique index. */
    public static final String NO_KEY = "none";

    /**
     * Reads a table's shape from the catalog. The name matches as given, then upper-cased, then
     * lower-cased (engines store unquoted names in one case or the other).
     *
     * @throws SQLException when the table does not exist
     */
    public static TableShape read(Connection c, String table) throws SQLException {
        Dialect dialect = Dialect.of(c);
        DatabaseMetaData md = c.getMetaData();
        String schema = null;
        String name = table.trim();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            schema = name.substring(0, dot);
            name = name.substring(dot + 1);
        }
        String catalog = dialect == Dialect.MARIADB ? (schema != null ? schema : c.getCatalog()) : null;
        String schemaPattern = dialect == Dialect.MARIADB ? null : (schema != null ? schema : c.getSchema());
        String[] found = null;
        for (String candidate : new LinkedHashSet<>(List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)))) {
            for (String s : schemaPattern == null ? new String[] {null}
                : new LinkedHashSet<>(List.of(schemaPattern, schemaPattern.toUpperCase(Locale.ROOT),
                    schemaPattern.toLowerCase(Locale.ROOT))).toArray(new String[0])) {
                try (ResultSet rs = md.getTables(catalog, s, escape(candidate, md), null)) {
                    while (rs.next()) {
                        if (rs.getString("TABLE_NAME").equals(candidate)) {
                            found = new String[] {rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"), candidate};
                            break;
                        }
                    }
                }
                if (found != null) {
                    break;
                }
            }
            if (found != null) {
                break;
            }
        }
        if (found == null) {
            throw new SQLException("no table " + table + " in " + c.getMetaData().getDatabaseProductName()
                + (schemaPattern != null ? " schema " + schemaPattern : catalog != null ? " database " + catalog : ""));
        }
        String q = md.getIdentifierQuoteString();
        q = q == null || q.isBlank() ? "\"" : q.trim();
        List<TableColumn> columns = new ArrayList<>();
        Set<String> notNull = new HashSet<>();
        try (ResultSet rs = md.getColumns(found[0], found[1], escape(found[2], md), null)) {
            TreeMap<Integer, TableColumn> byPosition = new TreeMap<>();
            while (rs.next()) {
                if (!rs.getString("TABLE_NAME").equals(found[2])) {
                    continue;
                }
                String generated = safeString(rs, "IS_GENERATEDCOLUMN");
                if ("YES".equalsIgnoreCase(generated)) {
                    continue;
                }
                if (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls) {
                    notNull.add(rs.getString("COLUMN_NAME"));
                }
                byPosition.put(rs.getInt("ORDINAL_POSITION"),
                    new TableColumn(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
            }
            columns.addAll(byPosition.values());
        }
        TreeMap<Integer, String> keyNames = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(found[0], found[1], found[2])) {
            while (rs.next()) {
                keyNames.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        String keyName = "primary key";
        List<String> keyColumns = new ArrayList<>(keyNames.values());
        if (keyColumns.isEmpty()) {
            Map.Entry<String, List<String>> unique = uniqueIndex(md, found, columns, notNull);
            keyName = unique == null ? NO_KEY : "unique index " + unique.getKey();
            keyColumns = unique == null ? List.of() : unique.getValue();
        }
        List<TableColumn> key = new ArrayList<>();
        for (String k : keyColumns) {
            key.add(columns.stream().filter(col -> col.name().equals(k)).findFirst()
                .orElseThrow(() -> new SQLException("key column " + k + " of " + table + " is not a plain column")));
        }
        String sqlName = (schema != null ? quote(found[dialect == Dialect.MARIADB ? 0 : 1], q) + "." : "") + quote(found[2], q);
        return new TableShape(table, sqlName, List.copyOf(columns), List.copyOf(key), dialect, q, keyName);
    }

    /**
     * The unique index that can stand in for a missing primary key: every column a plain NOT NULL
     * column (a unique index lets several NULLs in), no partial index (a filter condition), the
     * fewest columns, then the first name. Null when there is none.
     */
    private static Map.Entry<String, List<String>> uniqueIndex(DatabaseMetaData md, String[] found, List<TableColumn> columns,
                                                               Set<String> notNull) throws SQLException {
        Map<String, TreeMap<Integer, String>> indexes = new TreeMap<>();
        Set<String> unusable = new HashSet<>();
        try (ResultSet rs = md.getIndexInfo(found[0], found[1], found[2], true, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic || rs.getBoolean("NON_UNIQUE")) {
                    continue;
                }
                String filter = safeString(rs, "FILTER_CONDITION");
                boolean plain = column != null && notNull.contains(column)
                    && columns.stream().anyMatch(c -> c.name().equals(column));
                if (!plain || filter != null && !filter.isBlank()) {
                    unusable.add(index);
                }
                indexes.computeIfAbsent(index, i -> new TreeMap<>()).put((int) rs.getShort("ORDINAL_POSITION"), column);
            }
        }
        Map.Entry<String, List<String>> best = null;
        for (Map.Entry<String, TreeMap<Integer, String>> e : indexes.entrySet()) {
            if (unusable.contains(e.getKey())) {
                continue;
            }
            if (best == null || e.getValue().size() < best.getValue().size()) {
                best = Map.entry(e.getKey(), List.copyOf(e.getValue().values()));
            }
        }
        return best;
    }

    /** Whether rows are matched by a key (primary key or unique index); else by their whole content. */
    public boolean keyed() {
        return !key.isEmpty();
    }

    /**
     * The base tables of the connection's current schema (MariaDB: database), by their catalog
     * names, leaving out dualaccess's own ({@code dualaccess_*}: backfill checkpoints, control table).
     */
    public static List<String> list(Connection c) throws SQLException {
        Dialect dialect = Dialect.of(c);
        DatabaseMetaData md = c.getMetaData();
        String catalog = dialect == Dialect.MARIADB ? c.getCatalog() : null;
        String schema = dialect == Dialect.MARIADB ? null : c.getSchema();
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.toLowerCase(Locale.ROOT).startsWith("dualaccess_")) {
                    out.add(name);
                }
            }
        }
        out.sort(String.CASE_INSENSITIVE_ORDER);
        return out;
    }

    private static String safeString(ResultSet rs, String column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            return null; // an old driver without the JDBC 4.1 column
        }
    }

    private static String escape(String name, DatabaseMetaData md) throws SQLException {
        String esc = md.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return name;
        }
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    static String quote(String name, String q) {
        return q + name.replace(q, q + q) + q;
    }

    /** A column's name quoted for this side. */
    public String quoted(TableColumn c) {
        return quote(c.name(), quote);
    }

    /** The column with this name (case-insensitive), or null. */
    public TableColumn column(String name) {
        for (TableColumn c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** The column names, lower case, for messages and matching. */
    public Set<String> columnNames() {
        Set<String> out = new LinkedHashSet<>();
        for (TableColumn c : columns) {
            out.add(c.name().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    @Override
    public String toString() {
        return sqlName;
    }
}
