package io.dualaccess.testing;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * A DataSource that only opens connections, standing in for an application's pool in tests: the
 * rest of the interface answers as a plain DataSource does.
 */
public final class OpeningDataSource implements DataSource {

    /** Opens a connection; {@code user} and {@code password} are null for the source's own credentials. */
    @FunctionalInterface
    public interface Opener {
        Connection open(String user, String password) throws SQLException;
    }

    private final Opener opener;

    public OpeningDataSource(Opener opener) {
        this.opener = opener;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return opener.open(null, null);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return opener.open(user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("test");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
