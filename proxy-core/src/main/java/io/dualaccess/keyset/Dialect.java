package io.dualaccess.keyset;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the engines for walking a table by key and copying rows into it: the shared
 * row lock, row-value comparison, and insert-if-absent. Engines not named here get portable SQL
 * ({@code FOR UPDATE}, {@code INSERT … SELECT … WHERE NOT EXISTS}).
 */
public enum Dialect {
    /** PostgreSQL. */
    POSTGRESQL,
    /** MariaDB and MySQL. */
    MARIADB,
    /** H2. */
    H2,
    /** Any other engine: portable SQL. */
    OTHER;

    /** The dialect of a connection's database. */
    public static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return MARIADB;
        }
        if (product.contains("h2")) {
            return H2;
        }
        return OTHER;
    }

    /**
     * The clause that makes a SELECT take a shared row lock on the rows it returns, held to the end
     * of the transaction. H2 has no shared row lock: it takes an exclusive one, which blocks writers
     * just the same (and other readers that lock, which a backfill never has).
     */
    public String shareLock() {
        return switch (this) {
            case POSTGRESQL -> " FOR SHARE";
            case MARIADB -> " LOCK IN SHARE MODE";
            case H2, OTHER -> " FOR UPDATE";
        };
    }

    /** {@code FOR UPDATE SKIP LOCKED}: PostgreSQL 9.5+, MariaDB 10.6+, MySQL 8+, H2 2.x. */
    public String updateSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** Whether {@code (a, b) > (?, ?)} is understood and served from the key's index. */
    public boolean rowValues() {
        return this == POSTGRESQL || this == H2;
    }

    /** The clause limiting a query to {@code n} rows. */
    public String limit(int n) {
        return this == OTHER ? " FETCH FIRST " + n + " ROWS ONLY" : " LIMIT " + n;
    }

    /** Whether explicit values for identity columns need {@code OVERRIDING SYSTEM VALUE} (harmless elsewhere). */
    public boolean overridingSystemValue() {
        return this == POSTGRESQL || this == H2;
    }

    /** Whether insert-if-absent tells, per row, whether it inserted (update count 1 or 0). */
    public boolean countsInserts() {
        return this != MARIADB;
    }

    /** Whether a unique-key violation here means another transaction inserted the row first. */
    public static boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && state.startsWith("23") && (x.getErrorCode() == 1062 || "23505".equals(state))) {
                return true;
            }
            if (x.getCause() instanceof SQLException c && c != x && isDuplicateKey(c)) {
                return true;
            }
        }
        return false;
    }
}
