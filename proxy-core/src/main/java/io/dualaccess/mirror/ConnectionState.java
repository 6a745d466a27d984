package io.dualaccess.mirror;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * What the application set on its connection, as dirty bits: only what it changed is replayed on a
 * connection opened later for it (the shadow side's paired connection, or the authoritative side's
 * after a move), so a mirrored write lands in the schema, catalog and isolation the application
 * chose. Autocommit is not here: the paired connection manages its own transactions, and a move
 * carries the application's autocommit itself. Recorded only after the authoritative side accepted
 * the change.
 */
public final class ConnectionState {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionState.class);
    private static final Executor DIRECT = Runnable::run;

    /** Bits of what the application changed. */
    public static final int ISOLATION = 1;
    public static final int READ_ONLY = 2;
    public static final int SCHEMA = 4;
    public static final int CATALOG = 8;
    public static final int HOLDABILITY = 16;
    public static final int NETWORK_TIMEOUT = 32;
    public static final int CLIENT_INFO = 64;

    private int dirty;
    private int isolation;
    private boolean readOnly;
    private String schema;
    private String catalog;
    private int holdability;
    private int networkTimeout;
    private Properties clientInfo;

    public void isolation(int level) {
        isolation = level;
        dirty |= ISOLATION;
    }

    public void readOnly(boolean on) {
        readOnly = on;
        dirty |= READ_ONLY;
    }

    public void schema(String name) {
        schema = name;
        dirty |= SCHEMA;
    }

    public void catalog(String name) {
        catalog = name;
        dirty |= CATALOG;
    }

    public void holdability(int h) {
        holdability = h;
        dirty |= HOLDABILITY;
    }

    public void networkTimeout(int millis) {
        networkTimeout = millis;
        dirty |= NETWORK_TIMEOUT;
    }

    public void clientInfo(String name, String value) {
        if (clientInfo == null) {
            clientInfo = new Properties();
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
        dirty |= CLIENT_INFO;
    }

    public void clientInfo(Properties all) {
        clientInfo = new Properties();
        if (all != null) {
            clientInfo.putAll(all);
        }
        dirty |= CLIENT_INFO;
    }

    /** The isolation the application set (meaningful when {@link #changed changed(ISOLATION)}). */
    public int isolationLevel() {
        return isolation;
    }

    /** The read-only flag the application set (meaningful when {@link #changed changed(READ_ONLY)}). */
    public boolean readOnlyValue() {
        return readOnly;
    }

    /** Whether the application changed anything of {@code bits}. */
    public boolean changed(int bits) {
        return (dirty & bits) != 0;
    }

    /**
     * Applies what the application changed to the application's own connection on the other side
     * (after a move); a refusal fails the move, as the application's own call would have failed.
     */
    public void applyTo(Connection c) throws SQLException {
        apply(c, dirty, true);
    }

    /**
     * Applies {@code bits} of what the application changed to a shadow connection: the shadow side may
     * lack a feature the authoritative side has (a catalog, client info); its refusal is logged, and
     * the mirror's result shows whether it mattered. The network timeout stays dualaccess's own there.
     */
    public void applyToShadow(Connection c, int bits) {
        int todo = dirty & bits & ~NETWORK_TIMEOUT;
        for (int bit = 1; bit <= CLIENT_INFO; bit <<= 1) {
            if ((todo & bit) != 0) {
                try {
                    apply(c, bit, false);
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("the shadow side refused connection state {}: {}", bit, e.toString());
                }
            }
        }
    }

    private void apply(Connection c, int bits, boolean own) throws SQLException {
        // Catalog before schema: on some engines the catalog chooses where schemas are looked up.
        if ((bits & CATALOG) != 0) {
            c.setCatalog(catalog);
        }
        if ((bits & SCHEMA) != 0) {
            c.setSchema(schema);
        }
        if ((bits & READ_ONLY) != 0) {
            c.setReadOnly(readOnly);
        }
        if ((bits & ISOLATION) != 0) {
            c.setTransactionIsolation(isolation);
        }
        if ((bits & HOLDABILITY) != 0) {
            c.setHoldability(holdability);
        }
        if ((bits & CLIENT_INFO) != 0) {
            c.setClientInfo(clientInfo);
        }
        if (own && (bits & NETWORK_TIMEOUT) != 0) {
            c.setNetworkTimeout(DIRECT, networkTimeout);
        }
    }
}
