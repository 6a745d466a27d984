package io.dualaccess.source;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection to one database: the application's connector to A, B's pool, A as the shadow
 * side, or the command line tools' {@code DriverManager} call. The one connection-source interface
 * of the proxy and the batch tools (it was two identical ones, {@code mirror.ShadowSource} and
 * {@code keyset.ConnectionSource}); a leaf that imports nothing of ours.
 */
@FunctionalInterface
public interface ConnectionSource {

    /** A connection; the caller closes it (for a pooled source, closing returns it to the pool). */
    Connection open() throws SQLException;
}
