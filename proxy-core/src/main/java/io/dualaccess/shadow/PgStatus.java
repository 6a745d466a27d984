package io.dualaccess.shadow;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What PostgreSQL last reported about a session (its {@code ParameterStatus} messages, kept by the
 * driver): apart from {@link ReadOnlySession} so that PostgreSQL's driver is loaded only for a
 * PostgreSQL B.
 */
final class PgStatus {

    private PgStatus() {
    }

    /** Whether the server reports {@code default_transaction_read_only = on} for this session (PostgreSQL 14 and later report it). */
    static boolean readOnly(Connection vendor) throws SQLException {
        if (!vendor.isWrapperFor(PGConnection.class)) {
            return false;
        }
        return "on".equals(vendor.unwrap(PGConnection.class).getParameterStatus("default_transaction_read_only"));
    }
}
