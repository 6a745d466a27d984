package io.dualaccess.jdbc;

import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.route.PhaseControl;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.shadow.ShadowReads;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.sql.StatementInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * What an application connection asks of the runtime it belongs to, and nothing more: the phase
 * to follow, a connection to the side that answers, the mirror and shadow reads of a pinned phase,
 * and the classification of a SQL text. It keeps {@code jdbc} below {@code runtime}: the runtime
 * implements it and makes connections; connections never see the runtime itself. The application
 * reaches the runtime from a connection with {@code connection.unwrap(DualAccessRuntime.class)}.
 */
public interface ConnectionRuntime {

    /** The phase control connections pin their phase from. */
    PhaseControl phaseControl();

    /**
     * Opens the application's connection to one side: B with dualaccess's credentials (and the
     * application's vendor properties), or A through the application's connector.
     */
    Connection openAuthoritative(boolean b, ConnectionSource aConnector, Properties vendorProperties) throws SQLException;

    /** The paired connection for a pinned phase, or null when it mirrors nothing. */
    PairedConnection pair(Connection authoritative, ConnectionSource aShadow, PhaseSnapshot pinned) throws SQLException;

    /** Shadow reads for a pinned phase's direction, or null when it shadows no read. */
    ShadowReads shadowReads(PhaseSnapshot pinned);

    /** The classification of a SQL text (not null), from a bounded cache. */
    StatementInfo classify(String sql);
}
