package io.dualaccess.mirror;

import java.sql.SQLException;

/** The application's own call on the authoritative side; its result or exception goes back unchanged. */
@FunctionalInterface
public interface AuthoritativeCall<T> {

    /** Runs the call on the authoritative side. */
    T run() throws SQLException;
}
