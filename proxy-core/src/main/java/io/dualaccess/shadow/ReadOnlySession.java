package io.dualaccess.shadow;

import io.dualaccess.mirror.ShadowSession;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * How a replay runs in auto-commit, one round trip, on a connection of B's read pool whose session
 * the server keeps read-only, instead of in a read-only transaction it then rolls back (two round
 * trips on PostgreSQL: the query with its {@code BEGIN READ ONLY}, then {@code ROLLBACK}; six on
 * MariaDB, whose driver sends every access mode and auto-commit change). Only where the engine
 * itself refuses a replayed statement that would write, every time:
 * <ul>
 * <li>PostgreSQL (14 and later): the pool sets {@code SET SESSION CHARACTERISTICS AS TRANSACTION READ
 *     ONLY} when it opens a connection, so every auto-commit statement runs in a read-only
 *     transaction. A function could turn the session's default back (it cannot turn its own
 *     statement's transaction read-write); the server reports {@code default_transaction_read_only}
 *     to the driver on every change, so a replay checks the driver's copy (no round trip) and falls
 *     back to the read-only transaction when the session no longer says {@code on}.</li>
 * <li>MariaDB: the session is read-only, and each replay runs as {@code SET STATEMENT
 *     tx_read_only=1, max_statement_time=… FOR …}, which the server restores after the statement
 *     whatever a stored function in it changed.</li>
 * </ul>
 * Other engines (H2, which has no read-only session; MySQL, which has no per-statement setting)
 * replay in a read-only transaction that is rolled back, as before.
 */
final class ReadOnlySession {

    private final boolean postgresql;
    /** MariaDB's per-statement settings, or null. */
    private final String prefix;
    private final String initSql;

    private ReadOnlySession(boolean postgresql, String prefix, String initSql) {
        this.postgresql = postgresql;
        this.prefix = prefix;
        this.initSql = initSql;
    }

    /**
     * The mode for B's URL, or null when replays stay in a rolled-back transaction.
     *
     * @param timeout B's statement timeout ({@code dualaccess.b.statement-timeout})
     */
    static ReadOnlySession of(String url, Duration timeout) {
        if (url == null) {
            return null;
        }
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) {
            return new ReadOnlySession(true, null,
                ShadowSession.timeoutSql(url, timeout) + "; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
        if (u.startsWith("jdbc:mariadb:")) {
            long millis = Math.max(1, timeout.toMillis());
            return new ReadOnlySession(false, "SET STATEMENT tx_read_only=1, max_statement_time=" + millis / 1000 + "."
                + String.format(Locale.ROOT, "%03d", millis % 1000) + " FOR ", "SET SESSION TRANSACTION READ ONLY");
        }
        return null;
    }

    /**
     * What the read pool runs on each new connection: the session read-only, and on PostgreSQL
     * the statement timeout as a session setting too (as B's own pool, {@link ShadowSession}).
     */
    String initSql() {
        return initSql;
    }

    /** Whether {@link #statement} changes the text. */
    boolean rewrites() {
        return prefix != null;
    }

    /** The text the replay sends: MariaDB's carries the access mode and the timeout for this statement. */
    String statement(String sql) {
        return prefix == null ? sql : prefix.concat(sql);
    }

    /**
     * Whether the session is read-only now, as the server last reported it: PostgreSQL's
     * {@code default_transaction_read_only} status (no round trip). MariaDB's statement carries its
     * own access mode.
     */
    boolean readOnlyNow(Connection vendor) {
        if (!postgresql) {
            return true;
        }
        try {
            return PgStatus.readOnly(vendor);
        } catch (SQLException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Whether the driver streams a result in auto-commit: MariaDB's does with a fetch size;
     * PostgreSQL's reads the whole result first, so a replay there caps its rows.
     */
    boolean streamsInAutoCommit() {
        return !postgresql;
    }
}
