package io.dualaccess.mirror;

import com.zaxxer.hikari.HikariConfig;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * What every connection of B's own pool carries for its whole life, set once when the pool opens it
 * instead of on every mirrored statement: the statement timeout as a session setting, where the
 * engine has one that bounds every statement (PostgreSQL's {@code statement_timeout}, H2's
 * {@code QUERY_TIMEOUT}). PostgreSQL's driver otherwise schedules a timer task for each statement
 * with a query timeout, and H2 runs a command for it. MariaDB's driver sends a query timeout inside
 * the statement itself ({@code SET STATEMENT max_statement_time=… FOR …}), which costs nothing more,
 * and MySQL has no session setting that bounds writes: both keep the per-statement timeout.
 *
 * <p>Only B's pool, which dualaccess owns, gets a session setting: connections to A as the shadow
 * side may be the application's own, and their sessions are the application's.
 */
public final class ShadowSession {

    private ShadowSession() {
    }

    /** The statement that makes a session of this URL's engine end statements past {@code timeout}, or null when there is none. */
    public static String timeoutSql(String url, Duration timeout) {
        if (url == null) {
            return null;
        }
        long millis = Math.max(1, timeout.toMillis());
        String engine = engine(url);
        if (engine.equals("postgresql")) {
            return "SET statement_timeout = " + millis;
        }
        if (engine.equals("h2")) {
            return "SET QUERY_TIMEOUT " + millis;
        }
        return null;
    }

    /**
     * The engine a JDBC URL names: {@code jdbc:postgresql:…} is {@code postgresql}; a wrapping driver
     * that passes SQL through names it one step later ({@code jdbc:p6spy:postgresql:…}).
     */
    static String engine(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (!u.startsWith("jdbc:")) {
            return "";
        }
        String[] parts = u.substring(5).split(":", 3);
        if (parts.length >= 2 && (parts[0].equals("p6spy") || parts[0].equals("timed"))) {
            return parts[1];
        }
        return parts[0];
    }

    /**
     * The statement that turns foreign key checks off on a MariaDB/MySQL session, or null to leave
     * them on. InnoDB's check of a foreign key takes a shared lock on the parent row, which an
     * update of that row on PostgreSQL does not wait for (its key-share lock allows it): with A on
     * PostgreSQL, two application transactions can then each wait for the other, one on A and one
     * on B, and neither engine sees the deadlock; B's statement timeout ends it, and the write is
     * journaled. A already checked every key of what is mirrored, so B need not check again. Off is
     * wrong only where B's schema has a referential action ({@code ON DELETE CASCADE}, {@code SET
     * NULL}, {@code SET DEFAULT}), which a session without checks skips: {@code auto} asks B's
     * catalog when the pool opens the connection and keeps the checks on when there is one.
     *
     * @param mode {@code auto}, {@code on} or {@code off} ({@code dualaccess.b.foreign-key-checks})
     */
    public static String foreignKeySql(String url, String mode) {
        String engine = url == null ? "" : engine(url);
        if (!(engine.equals("mariadb") || engine.equals("mysql")) || mode.equals("on")) {
            return null;
        }
        if (mode.equals("off")) {
            return "SET foreign_key_checks = 0";
        }
        return "SET foreign_key_checks = (SELECT IF(COUNT(*) = 0, 0, 1) FROM information_schema.REFERENTIAL_CONSTRAINTS"
            + " WHERE CONSTRAINT_SCHEMA = DATABASE() AND (DELETE_RULE NOT IN ('RESTRICT', 'NO ACTION')"
            + " OR UPDATE_RULE NOT IN ('RESTRICT', 'NO ACTION')))";
    }

    /**
     * Sets B's pool up so each of its connections carries the statement timeout (where the engine
     * allows) and, on MariaDB/MySQL, the foreign key checks of {@link #foreignKeySql}. B's pool
     * only ever serves the shadow side (mirrored writes, shadow reads, the control table): the
     * application's connections to B in the cut-over phases are opened apart, with B's defaults.
     */
    public static void configure(HikariConfig pool, String url, Duration timeout, String foreignKeyChecks) {
        String sql = timeoutSql(url, timeout);
        if (sql == null) {
            sql = foreignKeySql(url, foreignKeyChecks);
        }
        if (sql != null) {
            pool.setConnectionInitSql(sql);
        }
    }

    /**
     * Seconds for {@code setQueryTimeout} on the shadow side, rounded up: at least one, since zero
     * means "no limit" in JDBC. The mirror, the shadow reads and reads inside a paired transaction
     * all bound their statements with it.
     */
    public static int querySeconds(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** As {@link #querySeconds(long)}. */
    public static int querySeconds(Duration timeout) {
        return querySeconds(timeout.toNanos());
    }

    /**
     * Whether a failure on the shadow side is its statement timeout: the driver's
     * {@code SQLTimeoutException}, PostgreSQL's {@code query_canceled} (57014) or MariaDB's and
     * MySQL's interrupted statement (70100).
     */
    public static boolean timedOut(Throwable e) {
        return e instanceof SQLTimeoutException || e instanceof SQLException s
            && ("57014".equals(s.getSQLState()) || "70100".equals(s.getSQLState()));
    }
}
