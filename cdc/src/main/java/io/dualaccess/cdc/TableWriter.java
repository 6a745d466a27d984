package io.dualaccess.cdc;

import io.dualaccess.keyset.Dialect;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL that applies changes to one of B's tables, idempotently and keyed by primary key: an
 * upsert in B's dialect (PostgreSQL {@code insert … on conflict (key) do update}, MariaDB
 * {@code insert … on duplicate key update}, H2 {@code merge … key}) and a delete by key. Applying
 * the same event twice leaves the same row.
 */
final class TableWriter {

    private final String table;
    private final Dialect dialect;
    private final String quote;
    private final Map<String, ValueBinder.BColumn> columns;

    private TableWriter(String table, Dialect dialect, String quote, Map<String, ValueBinder.BColumn> columns) {
        this.table = table;
        this.dialect = dialect;
        this.quote = quote;
        this.columns = columns;
    }

    /** Reads B's columns of the table (its name as B spells it, unquoted). */
    static TableWriter of(Connection b, String table, Dialect dialect) throws SQLException {
        DatabaseMetaData md = b.getMetaData();
        Map<String, ValueBinder.BColumn> columns = new HashMap<>();
        for (String name : new String[] {table, table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT)}) {
            String catalog = dialect == Dialect.MARIADB ? b.getCatalog() : null;
            String schema = dialect == Dialect.MARIADB ? null : b.getSchema();
            try (ResultSet rs = md.getColumns(catalog, schema, name, null)) {
                while (rs.next()) {
                    columns.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        new ValueBinder.BColumn(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT)));
                }
            }
            if (!columns.isEmpty()) {
                break;
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("dualaccess sync: table " + table + " does not exist in B; create it before the sync starts "
                + "(the sync copies rows, not schemas)");
        }
        String quote = md.getIdentifierQuoteString();
        return new TableWriter(table, dialect, quote == null || quote.isBlank() ? "" : quote.trim(), columns);
    }

    /** B's column of that name, or null. */
    ValueBinder.BColumn column(String name) {
        return columns.get(name.toLowerCase(Locale.ROOT));
    }

    /** The upsert of a whole row. */
    String upsert(List<String> cols, List<String> key) {
        String names = cols.stream().map(this::q).collect(Collectors.joining(", "));
        String marks = cols.stream().map(c -> "?").collect(Collectors.joining(", "));
        List<String> rest = cols.stream().filter(c -> !key.contains(c)).toList();
        String keys = key.stream().map(this::q).collect(Collectors.joining(", "));
        String t = q(table);
        return switch (dialect) {
            case POSTGRESQL -> "insert into " + t + " (" + names + ") values (" + marks + ") on conflict (" + keys + ") "
                + (rest.isEmpty() ? "do nothing"
                : "do update set " + rest.stream().map(c -> q(c) + " = excluded." + q(c)).collect(Collectors.joining(", ")));
            case MARIADB -> "insert into " + t + " (" + names + ") values (" + marks + ") on duplicate key update "
                + (rest.isEmpty() ? q(key.get(0)) + " = " + q(key.get(0))
                : rest.stream().map(c -> q(c) + " = values(" + q(c) + ")").collect(Collectors.joining(", ")));
            default -> "merge into " + t + " (" + names + ") key (" + keys + ") values (" + marks + ")";
        };
    }

    /** The delete of a row by its key. */
    String delete(List<String> key) {
        return "delete from " + q(table) + " where " + key.stream().map(c -> q(c) + " = ?").collect(Collectors.joining(" and "));
    }

    /** Empties the table (A truncated it). */
    String truncate() {
        return "delete from " + q(table);
    }

    private String q(String name) {
        return quote + name + quote;
    }
}
