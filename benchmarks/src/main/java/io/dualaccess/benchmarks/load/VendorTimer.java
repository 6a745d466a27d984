package io.dualaccess.benchmarks.load;

import com.p6spy.engine.common.ConnectionInformation;
import com.p6spy.engine.common.PreparedStatementInformation;
import com.p6spy.engine.common.StatementInformation;
import com.p6spy.engine.event.JdbcEventListener;
import com.p6spy.engine.wrapper.ConnectionWrapper;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Times what the vendor drivers spend executing, so the probe can tell the databases' work from
 * the client's: a driver for {@code jdbc:timed:<vendor URL>} that hands out the vendor's connection
 * wrapped by p6spy, with a listener (and no logging) that adds the time of every
 * {@code execute*}, {@code executeBatch}, {@code commit} and {@code rollback} on the measuring thread
 * to side A's or side B's counter, by the database the connection was opened to. Wrapping every
 * variant of the probe the same way keeps p6spy's small per-call cost out of the differences.
 */
final class VendorTimer extends JdbcEventListener implements Driver {

    static final String PREFIX = "jdbc:timed:";

    private final String aUrl;
    private final String bUrl;
    /** Only the measuring thread counts (B's control-table poller and the pools' housekeeping do not). */
    private volatile Thread owner;
    /** Nanoseconds inside A's and B's vendor executions, written by the owner thread only. */
    private long aNanos;
    private long bNanos;

    private VendorTimer(String aUrl, String bUrl) {
        this.aUrl = aUrl;
        this.bUrl = bUrl;
    }

    /** Registers a timer for these two vendor URLs with {@link DriverManager}; the current thread measures. */
    static VendorTimer register(String aUrl, String bUrl) throws SQLException {
        VendorTimer t = new VendorTimer(aUrl, bUrl);
        t.owner = Thread.currentThread();
        DriverManager.registerDriver(t);
        return t;
    }

    void deregister() throws SQLException {
        DriverManager.deregisterDriver(this);
    }

    static String timed(String vendorUrl) {
        return PREFIX + vendorUrl.substring("jdbc:".length());
    }

    long aNanos() {
        return aNanos;
    }

    long bNanos() {
        return bNanos;
    }

    private void add(ConnectionInformation c, long nanos) {
        if (Thread.currentThread() != owner) {
            return;
        }
        String url = c.getUrl();
        if (aUrl.equals(url)) {
            aNanos += nanos;
        } else if (bUrl.equals(url)) {
            bNanos += nanos;
        }
    }

    // ---- the listener ------------------------------------------------------------------------

    @Override
    public void onAfterExecute(PreparedStatementInformation s, long nanos, SQLException e) {
        add(s.getConnectionInformation(), nanos);
    }

    @Override
    public void onAfterExecute(StatementInformation s, long nanos, String sql, SQLException e) {
        add(s.getConnectionInformation(), nanos);
    }

    @Override
    public void onAfterExecuteBatch(StatementInformation s, long nanos, int[] updateCounts, SQLException e) {
        add(s.getConnectionInformation(), nanos);
    }

    @Override
    public void onAfterExecuteUpdate(PreparedStatementInformation s, long nanos, int rowCount, SQLException e) {
        add(s.getConnectionInformation(), nanos);
    }

    @Override
    public void onAfterExecuteUpdate(StatementInformation s, long nanos, String sql, int rowCount, SQLException e) {
        add(s.getConnectionInformation(), nanos);
    }

    @Override
    public void onAfterExecuteQuery(PreparedStatementInformation s, long nanos, SQLException e) {
        add(s.getConnectionInformation(), nanos);
    }

    @Override
    public void onAfterExecuteQuery(StatementInformation s, long nanos, String sql, SQLException e) {
        add(s.getConnectionInformation(), nanos);
    }

    @Override
    public void onAfterCommit(ConnectionInformation c, long nanos, SQLException e) {
        add(c, nanos);
    }

    @Override
    public void onAfterRollback(ConnectionInformation c, long nanos, SQLException e) {
        add(c, nanos);
    }

    // ---- the driver --------------------------------------------------------------------------

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String vendorUrl = "jdbc:" + url.substring(PREFIX.length());
        Driver vendor = DriverManager.getDriver(vendorUrl);
        long start = System.nanoTime();
        Connection c = vendor.connect(vendorUrl, info);
        ConnectionInformation ci = ConnectionInformation.fromDriver(vendor, c, System.nanoTime() - start);
        ci.setUrl(vendorUrl);
        return ConnectionWrapper.wrap(c, this, ci);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
