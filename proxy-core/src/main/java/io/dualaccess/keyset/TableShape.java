package io.dualaccess.keyset;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * @param key the primary-key columns, in key order
 * @param dialect the engine
 */
public record TableShape(String requested, String sqlName, List<TableColumn> columns, List<TableColumn> key,
                         Dialect dialect, String quote) {

    /**
     * Reads a table's shape from the catalog. The name matches as given, then upper-cased, then
     * lower-cased (engines store unquoted names in one case or the other).
     *
     * @throws SQLException when the table does not exist or has no primary key
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
        if (keyNames.isEmpty()) {
            throw new SQLException("table " + table + " has no primary key on " + md.getDatabaseProductName()
                + ": backfill, verify and repair walk tables by primary key");
        }
        List<TableColumn> key = new ArrayList<>();
        for (String k : keyNames.values()) {
            key.add(columns.stream().filter(col -> col.name().equals(k)).findFirst()
                .orElseThrow(() -> new SQLException("primary-key column " + k + " of " + table + " is not a plain column")));
        }
        String sqlName = (schema != null ? quote(found[dialect == Dialect.MARIADB ? 0 : 1], q) + "." : "") + quote(found[2], q);
        return new TableShape(table, sqlName, List.copyOf(columns), List.copyOf(key), dialect, q);
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
