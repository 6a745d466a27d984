package io.dualaccess.conformance;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;

/**
 * Tells the conformance pools never to evict a connection because of an exception.
 *
 * <p>HikariCP evicts a connection when an exception looks fatal to it: SQLState {@code 08…} and
 * {@code 0A000} (which pgjdbc and MariaDB Connector/J use for "feature not supported"), or any
 * {@code SQLTimeoutException}. The eviction closes the physical connection on another thread, so the
 * scenario's next statements race with that close and fail in ways that differ from run to run
 * ("This connection has been closed." on one, "I/O error… Socket closed" on the other). The
 * scenarios provoke exactly such exceptions on purpose, so both pools, direct and proxied, keep
 * their connections; each test closes its pools anyway. Nothing compared is affected: the
 * exception still reaches the scenario and is recorded.
 */
public final class NeverEvict implements SQLExceptionOverride {

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException sqlException) {
        return SQLExceptionOverride.Override.DO_NOT_EVICT;
    }
}
