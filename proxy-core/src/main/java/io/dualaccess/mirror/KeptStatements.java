package io.dualaccess.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mirror's prepared statements, kept per connection of the shadow side's pool across
 * transactions: a mirrored write binds the statement its text was prepared as on that connection
 * before, instead of preparing it again in every transaction and closing it when the connection goes
 * back (each time a pool proxy, a driver statement and a trip through the driver's statement cache).
 *
 * <p>Kept on the vendor's connection under the pool's proxy ({@code unwrap}), so the pool, which
 * closes a borrower's statements when it takes the connection back, leaves them open; a connection
 * the pool closes closes them. A connection serves one borrower at a time, so do its statements.
 * At most {@value #PER_CONNECTION} texts per connection (the least recently used is closed), and
 * connections found closed are forgotten once more than {@value #CONNECTIONS} are known. A
 * statement that fails is closed and forgotten: the next write of its text prepares it again.
 */
final class KeptStatements {

    static final int PER_CONNECTION = 32;
    static final int CONNECTIONS = 64;

    private final ConcurrentHashMap<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The vendor connection a pooled one stands for (statements kept on it outlive the borrow). */
    static Connection vendor(Connection pooled) throws SQLException {
        return pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
    }

    /** The statements kept on this vendor connection, by SQL text (used by its borrower only). */
    Map<String, PreparedStatement> on(Connection vendor) {
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
        return kept;
    }

    /** Statements kept, over every connection (for tests). */
    java.util.List<PreparedStatement> all() {
        java.util.List<PreparedStatement> out = new java.util.ArrayList<>();
        for (Map<String, PreparedStatement> kept : byConnection.values()) {
            out.addAll(kept.values());
        }
        return out;
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

    static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            // Its connection may be gone already.
        }
    }
}
