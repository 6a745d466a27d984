package io.dualaccess.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.LoggerFactory;

/**
 * Prepares a statement made before a phase change moved the authoritative side again on the new
 * side, so the application's next execute runs where the phase says instead of failing.
 *
 * <p>A connection swaps its vendor connection at a transaction boundary; a statement the
 * application created just before (in autocommit, the moment between {@code prepareStatement} and
 * {@code execute}) still holds a vendor statement of the closed connection. It is made again through
 * the connection, exactly as the application made it ({@link Recipe}), under the phase now in force
 * (so mirroring, generated keys and shadow reads are decided anew), and given what the application
 * did to the old one: its settings, its parameters and its pending batch. That is possible only
 * when dualaccess recorded them, which it does in every phase that involves B; a statement whose
 * state was not recorded (made in {@code off}, a callable statement, a stream parameter) still
 * refuses to run, with the reason.
 */
final class StatementMove {

    private StatementMove() {
    }

    /** Makes a statement again on a connection, the way the application made it. */
    @FunctionalInterface
    interface Recipe {
        DualStatement make(DualConnection connection) throws SQLException;
    }

    /** The recipe of a statement made with {@code createStatement()} or {@code prepareStatement(sql)}. */
    static DualStatement plain(DualConnection c, String sql) throws SQLException {
        return (DualStatement) (sql == null ? c.createStatement() : c.prepareStatement(sql));
    }

    /**
     * Moves {@code s} to the connection's current side.
     *
     * @param describe the phase change, for the message when the statement cannot follow
     * @throws SQLException (SQLState 55000) when the statement's state was not recorded, or what
     *     the new side answers when preparing it
     */
    static void follow(DualStatement s, DualConnection c, String describe) throws SQLException {
        String why = s.unfollowable();
        if (why != null) {
            throw new SQLException("dualaccess: this statement was created before the phase moved to " + describe
                + "; its vendor statement belongs to the connection to the other side, now closed, and it cannot be"
                + " prepared again on the new side because " + why + ". Create the statement again on this connection"
                + " (statements created after the change follow it)", "55000");
        }
        remake(s, c);
        LoggerFactory.getLogger(StatementMove.class).debug("prepared a statement again after the phase moved to {}", describe);
    }

    /**
     * Prepares {@code s} again on the same connection, the way the application made it, under the
     * phase now pinned, and gives it what the application set on it; the old vendor statement is
     * closed. Used when mirroring begins for a statement made before ({@code shadow-read} →
     * {@code dual-write}): an INSERT whose generated key must reach the mirror needs a vendor statement
     * asked for that key. The caller checked {@link DualStatement#unfollowable()}.
     */
    static void again(DualStatement s, DualConnection c) throws SQLException {
        Statement old = s.delegate;
        remake(s, c);
        try {
            old.close();
        } catch (SQLException e) {
            // The application's statement now runs on the new vendor statement; the old one held nothing it needs.
            LoggerFactory.getLogger(StatementMove.class).debug("closing the statement prepared again failed: {}", e.toString());
        }
    }

    private static void remake(DualStatement s, DualConnection c) throws SQLException {
        StatementMove.Recipe recipe = s.recipe();
        DualStatement fresh = recipe != null ? recipe.make(c) : plain(c, s.sql);
        try {
            s.takeOver(fresh);
        } catch (SQLException | RuntimeException e) {
            try {
                fresh.delegate.close();
            } catch (SQLException c2) {
                e.addSuppressed(c2);
            }
            throw e;
        }
    }
}
