package io.dualaccess.driver;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigDiscovery;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.Masking;
import io.dualaccess.runtime.DualAccessRuntime;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The {@code jdbc:dualaccess:} driver. {@code jdbc:dualaccess:<rest>} connects to database A at
 * {@code jdbc:<rest>} through whichever driver accepts that URL, with the caller's properties
 * (minus dualaccess's own {@code dualaccess.*} keys), and wraps the connection.
 */
public final class DualAccessDriver implements Driver {

    /** Every URL this driver accepts starts with this. */
    public static final String PREFIX = "jdbc:dualaccess:";

    private static final DualAccessDriver INSTANCE = new DualAccessDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Public for {@link ServiceLoader}; all instances share the process-wide runtimes. */
    public DualAccessDriver() {
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String aUrl = aUrl(url);
        Properties props = info == null ? new Properties() : info;
        DualAccessConfig config = DualAccessConfig.discover(props);
        Driver aDriver = aDriver(aUrl);
        DualAccessRuntime runtime = Runtimes.get(aUrl, config);
        Properties aProps = aProperties(props);
        return runtime.connect(() -> {
            Connection a = aDriver.connect(aUrl, aProps);
            if (a == null) {
                throw noDriver(aUrl);
            }
            return a;
        }, runtime.aShadowPool(aUrl, aProps), aProps);
    }

    /** {@code jdbc:dualaccess:postgresql://h/db} is A's {@code jdbc:postgresql://h/db}; the prefix is stripped once. */
    static String aUrl(String url) throws SQLException {
        String aUrl = "jdbc:" + url.substring(PREFIX.length());
        if (aUrl.startsWith(PREFIX)) {
            throw new InvalidConfigurationException("dualaccess: the URL " + Masking.url(url)
                + " names jdbc:dualaccess: twice, which would loop back into dualaccess; write jdbc:dualaccess: once,"
                + " followed by A's URL without its jdbc: (for example jdbc:dualaccess:postgresql://host/db)");
        }
        if (aUrl.length() <= "jdbc:".length()) {
            throw new InvalidConfigurationException("dualaccess: the URL " + url + " names no database A; expected"
                + " jdbc:dualaccess: followed by A's URL without its jdbc: (for example jdbc:dualaccess:postgresql://host/db)");
        }
        return aUrl;
    }

    /** The driver for A's URL: through DriverManager, else any driver visible to the context class loader. */
    static Driver aDriver(String aUrl) throws SQLException {
        try {
            Driver d = DriverManager.getDriver(aUrl);
            if (!(d instanceof DualAccessDriver)) {
                return d;
            }
        } catch (SQLException notRegistered) {
            // DriverManager only sees drivers visible to our class loader; try the application's.
        }
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        for (Driver d : ServiceLoader.load(Driver.class, cl)) {
            if (!(d instanceof DualAccessDriver) && d.acceptsURL(aUrl)) {
                return d;
            }
        }
        throw noDriver(aUrl);
    }

    private static SQLException noDriver(String aUrl) {
        return new InvalidConfigurationException("dualaccess: no JDBC driver accepts database A's URL "
            + Masking.url(aUrl) + " (the connection URL after " + PREFIX + "); check the URL, and put A's vendor"
            + " driver jar on the classpath next to dualaccess");
    }

    /** The caller's properties without dualaccess's own keys, which A's driver would not understand. */
    static Properties aProperties(Properties info) {
        Properties out = new Properties();
        for (String name : info.stringPropertyNames()) {
            if (!name.startsWith(ConfigKey.PREFIX)) {
                out.setProperty(name, info.getProperty(name));
            }
        }
        return out;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        List<DriverPropertyInfo> out = new ArrayList<>();
        String aUrl = aUrl(url);
        Properties props = info == null ? new Properties() : info;
        try {
            out.addAll(Arrays.asList(aDriver(aUrl).getPropertyInfo(aUrl, aProperties(props))));
        } catch (SQLException noDriverForA) {
            // Still describe our own keys.
        }
        for (ConfigKey k : ConfigKey.values()) {
            String given = props.getProperty(k.key());
            DriverPropertyInfo p = new DriverPropertyInfo(k.key(), k.secret() ? null : (given != null ? given : k.defaultValue()));
            p.description = k.description();
            p.required = false;
            String[] choices = k.type().choices();
            p.choices = choices.length == 0 ? null : choices;
            out.add(p);
        }
        return out.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return Version.MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return Version.MINOR;
    }

    /** False: dualaccess is exactly as compliant as A's driver, which it cannot vouch for. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.dualaccess");
    }
}
