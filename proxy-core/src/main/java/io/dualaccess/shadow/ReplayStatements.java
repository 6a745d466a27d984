package io.dualaccess.shadow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared replays kept per connection of B's own pool, so a read replayed again on a connection
 * runs the statement it prepared there before instead of preparing it anew (H2 parses every
 * statement again after a rollback, which ends every replay; PostgreSQL's driver keeps its
 * server-side statement only while the application's statement object lives).
 *
 * <p>Kept on the vendor's connection under the pool's proxy ({@code unwrap}), so the pool, which
 * closes a borrower's statements when it gives the connection back, leaves them open; a connection
 * the pool closes closes them. A connection is used by one borrower at a time, so its statements are
 * too. At most {@value #PER_CONNECTION} statements per connection (the least recently used is
 * closed), and connections found closed are forgotten once more than {@value #CONNECTIONS} are
 * known. A statement that fails is closed and forgotten: the next replay prepares it again.
 */
final class ReplayStatements {

    static final int PER_CONNECTION = 32;
    static final int CONNECTIONS = 64;

    private final ConcurrentHashMap<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The vendor connection a pooled one stands for (statements kept on it outlive the borrow). */
    static Connection vendor(Connection pooled) throws SQLException {
        return pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
    }

    /** The statement for {@code sql} on this vendor connection: kept from before, or prepared and kept now. */
    PreparedStatement get(Connection vendor, String sql, int fetchSize) throws SQLException {
        Map<String, PreparedStatement> kept = byConnection.get(vendor);
        if (kept == null) {
            sweep();
            kept = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() > PER_CONNECTION) {
                        closeQuietly(eldest.getValue());
                        return true;
                    }
                    return false;
                }
            };
            byConnection.put(vendor, kept);
        }
        PreparedStatement ps = kept.get(sql);
        if (ps != null && !ps.isClosed()) {
            ps.clearParameters();
            return ps;
        }
        ps = vendor.prepareStatement(sql);
        ps.setFetchSize(fetchSize);
        kept.put(sql, ps);
        return ps;
    }

    /** Closes and forgets a statement that failed (it may be stale, or its connection broken). */
    void failed(Connection vendor, String sql) {
        Map<String, PreparedStatement> kept = byConnection.get(vendor);
        if (kept != null) {
            PreparedStatement ps = kept.remove(sql);
            if (ps != null) {
                closeQuietly(ps);
            }
        }
    }

    /** Statements kept, over every connection (for tests). */
    int size() {
        int n = 0;
        for (Map<String, PreparedStatement> kept : byConnection.values()) {
            n += kept.size();
        }
        return n;
    }

    private void sweep() {
        if (byConnection.size() < CONNECTIONS) {
            return;
        }
        for (Iterator<Connection> it = byConnection.keySet().iterator(); it.hasNext(); ) {
            Connection c = it.next();
            boolean closed;
            try {
                closed = c.isClosed();
            } catch (SQLException e) {
                closed = true;
            }
            if (closed) {
                it.remove();
            }
        }
    }

    /**
     * Forgets every kept statement (the shadow reads are closing). They are not closed here: a worker
     * may still be finishing a replay with one; each is closed with its connection.
     */
    void forget() {
        byConnection.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            // Its connection may be gone already.
        }
    }
}
