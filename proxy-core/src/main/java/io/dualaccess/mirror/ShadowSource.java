package io.dualaccess.mirror;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection to the shadow side: B's pool in {@code a-mirror-b}, A's driver in {@code b-mirror-a}. */
@FunctionalInterface
public interface ShadowSource {

    /** A connection to the shadow side; closing it releases it. */
    Connection open() throws SQLException;
}
