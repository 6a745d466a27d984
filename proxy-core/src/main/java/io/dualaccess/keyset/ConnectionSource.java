package io.dualaccess.keyset;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to one database (a {@code DataSource::getConnection} or a {@code DriverManager} call). */
@FunctionalInterface
public interface ConnectionSource {

    /** A new connection; the caller closes it. */
    Connection connect() throws SQLException;
}
