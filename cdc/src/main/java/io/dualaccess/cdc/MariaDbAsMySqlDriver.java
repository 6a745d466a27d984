package io.dualaccess.cdc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver Debezium's MySQL connector uses when A is MariaDB ({@code database.jdbc.driver},
 * protocol {@value #PROTOCOL}). The MySQL connector of Debezium 3.6 reads MariaDB's row binlog,
 * but takes MariaDB's version (10.11 and later) for a MySQL past 8.4 and asks for
 * {@code SHOW BINARY LOG STATUS}, which MariaDB calls {@code SHOW MASTER STATUS} (the
 * debezium-connector-mariadb artifact is not published at the version we use). This driver opens
 * MySQL's driver and says that one statement the MariaDB way; everything else passes unchanged.
 */
public final class MariaDbAsMySqlDriver implements Driver {

    /** The JDBC protocol this driver answers. */
    public static final String PROTOCOL = "jdbc:dualaccess-mariadb-binlog";

    static {
        try {
            DriverManager.registerDriver(new MariaDbAsMySqlDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Called by Debezium (and once by this class to register itself). */
    public MariaDbAsMySqlDriver() {
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = new com.mysql.cj.jdbc.Driver().connect("jdbc:mysql" + url.substring(PROTOCOL.length()), info);
        return (Connection) Proxy.newProxyInstance(MariaDbAsMySqlDriver.class.getClassLoader(), new Class<?>[] {Connection.class},
            new Rewriting(real));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PROTOCOL + ":");
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

    static String rewrite(String sql) {
        if (sql != null && sql.trim().toUpperCase(Locale.ROOT).equals("SHOW BINARY LOG STATUS")) {
            return "SHOW MASTER STATUS";
        }
        return sql;
    }

    /** Passes every call on; SQL text given to a statement or a prepare is rewritten first. */
    private record Rewriting(Object target) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (args != null && args.length > 0 && args[0] instanceof String sql
                && (method.getName().startsWith("execute") || method.getName().startsWith("prepare") || method.getName().equals("addBatch"))) {
                args[0] = rewrite(sql);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement s && method.getReturnType().isInterface()) {
                return Proxy.newProxyInstance(MariaDbAsMySqlDriver.class.getClassLoader(), new Class<?>[] {method.getReturnType()},
                    new Rewriting(s));
            }
            return result;
        }
    }
}
