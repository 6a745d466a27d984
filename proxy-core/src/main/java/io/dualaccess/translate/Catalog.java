package io.dualaccess.translate;

import org.jooq.Meta;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The tables of the side statements are translated for, as jOOQ knows them: names, column types,
 * primary and unique keys of its current schema, read once from its database metadata. The
 * translator's parser looks names up in it, so jOOQ knows what the SQL text does not say: which
 * key an {@code ON DUPLICATE KEY UPDATE} conflicts on, and that {@code active} is a boolean.
 *
 * @param meta   jOOQ's snapshot of the schema's tables
 * @param schema the schema unqualified names are looked up in
 */
public record Catalog(Meta meta, String schema) {

    /**
     * Reads the current schema of a connection (the caller closes it).
     *
     * @param dialect the connection's dialect (MariaDB and MySQL call their schemas catalogs)
     */
    public static Catalog read(Connection c, DialectName dialect) throws SQLException {
        String schema = dialect == DialectName.MARIADB || dialect == DialectName.MYSQL ? c.getCatalog() : c.getSchema();
        if (schema == null) {
            throw new SQLException("dualaccess: the connection names no current schema to read tables from");
        }
        try {
            // One schema only: a server's other databases are none of the translator's business, and cost time.
            Meta meta = DSL.using(c, dialect.jooq()).meta().filterSchemas(s -> schema.equals(s.getName())).snapshot();
            return new Catalog(meta, schema);
        } catch (RuntimeException e) {
            throw new SQLException("dualaccess: cannot read the tables of schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
