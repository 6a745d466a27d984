package io.dualaccess.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept per connection of one of dualaccess's own pools, across borrows: a text
 * run again on a connection binds the statement it was prepared as there before, instead of
 * preparing it anew and closing it when the connection goes back (each time a pool proxy, a driver
 * statement and a trip through the driver's statement cache; H2 parses every statement again). The
 * mirror keeps B's writes this way, the shadow path its replays.
 *
 * <p>Kept on the vendor's connection under the pool's proxy ({@link #vendor}), so the pool, which
 * closes a borrower's statements when it takes the connection back, leaves them open; a connection
 * the pool closes closes them. A connection serves one borrower at a time, so do its statements.
 * At most {@value #PER_CONNECTION} texts per connection (the least recently used is closed), and
 * connections found closed are forgotten once more than {@value #CONNECTIONS} are known. A
 * statement that fails is closed and forgotten ({@link #failed}): the next use of its text prepares
 * it again.
 */
public final class KeptStatements {

    /** Texts kept per connection. */
    public static final int PER_CONNECTION = 32;
    /** Connections known before closed ones are looked for and forgotten. */
    static final int CONNECTIONS = 64;

    private final ConcurrentHashMap<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The vendor connection a pooled one stands for (statements kept on it outlive the borrow). */
    public static Connection vendor(Connection pooled) throws SQLException {
        return pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
    }

    /** The statements kept on this vendor connection, by SQL text (for its borrower only). */
    public Map<String, PreparedStatement> on(Connection vendor) {
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

    /**
     * The statement for {@code sql} on this vendor connection, its parameters cleared: kept from
     * before, or prepared (with this fetch size) and kept now.
     */
    public PreparedStatement get(Connection vendor, String sql, int fetchSize) throws SQLException {
        Map<String, PreparedStatement> kept = on(vendor);
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

    /** Closes and forgets the statement of {@code sql} on this connection after it failed. */
    public void failed(Connection vendor, String sql) {
        Map<String, PreparedStatement> kept = byConnection.get(vendor);
        if (kept != null) {
            PreparedStatement ps = kept.remove(sql);
            if (ps != null) {
                closeQuietly(ps);
            }
        }
    }

    /** Statements kept, over every connection. */
    public int size() {
        int n = 0;
        for (Map<String, PreparedStatement> kept : byConnection.values()) {
            n += kept.size();
        }
        return n;
    }

    /** Statements kept, over every connection (for tests). */
    public List<PreparedStatement> all() {
        List<PreparedStatement> out = new ArrayList<>();
        for (Map<String, PreparedStatement> kept : byConnection.values()) {
            out.addAll(kept.values());
        }
        return out;
    }

    /** Forgets every connection (their pool is closed, which closed the statements). */
    public void forget() {
        byConnection.clear();
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

    /** Closes a statement whose connection may be gone already. */
    public static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            // Its connection may be gone already.
        }
    }
}
