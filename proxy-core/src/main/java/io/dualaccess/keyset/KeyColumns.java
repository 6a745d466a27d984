package io.dualaccess.keyset;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which column of a table the database fills itself (identity, serial, auto-increment), read once
 * per table from the authoritative side's metadata and cached.
 */
public final class KeyColumns {

    private final Map<String, Optional<String>> byTable = new ConcurrentHashMap<>();

    /** The generated key column of {@code table}, or null when it has none (or it cannot be told). */
    public String of(Connection authoritative, String table) {
        Optional<String> known = byTable.get(table);
        if (known == null) {
            known = Optional.ofNullable(lookUp(authoritative, table));
            if (byTable.size() < 10_000) {
                byTable.put(table, known);
            }
        }
        return known.orElse(null);
    }

    private static String lookUp(Connection c, String table) {
        String schema = null;
        String name = table;
        int dot = table.lastIndexOf('.');
        if (dot >= 0) {
            schema = table.substring(0, dot);
            name = table.substring(dot + 1);
        }
        try {
            DatabaseMetaData md = c.getMetaData();
            String catalog = c.getCatalog();
            String currentSchema = schema != null ? schema : safeSchema(c);
            for (String s : new String[] {currentSchema, null}) {
                for (String n : new String[] {name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)}) {
                    String[] found = generated(md, catalog, s, n);
                    if (found != null) {
                        return found[0];
                    }
                }
            }
        } catch (SQLException e) {
            return null;
        }
        return null;
    }

    private static String safeSchema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    /** {key column} when the table exists with one, {null} when it exists without, null when not found. */
    private static String[] generated(DatabaseMetaData md, String catalog, String schema, String table) throws SQLException {
        boolean exists = false;
        try (ResultSet rs = md.getColumns(catalog, schema, table, null)) {
            while (rs.next()) {
                exists = true;
                if ("YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
                    return new String[] {rs.getString("COLUMN_NAME")};
                }
            }
        }
        return exists ? new String[] {null} : null;
    }
}
