package io.dualaccess.spring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.DualAccessConfig;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.source.ConnectionSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * dualaccess's own pool of connections to A for when A is the shadow side (phase {@code live}
 * and later: writes mirrored to A, reads shadowed on A), so those never take connections from the
 * application's pool. Made at first use, sized and timed like B's pool, named
 * {@code <runtime>-a-shadow}; closed with the starter.
 */
final class AShadowPool implements ConnectionSource, AutoCloseable {

    private volatile String name;
    private final String url;
    private final String driverClassName;
    private final String user;
    private final String password;
    private final Properties properties;
    private final DualAccessConfig config;
    private volatile Consumer<HikariDataSource> onStart = p -> { };
    private volatile HikariDataSource pool;
    private boolean closed;

    AShadowPool(String name, String url, String driverClassName, String user, String password, Properties properties,
                DualAccessConfig config) {
        this.name = name;
        this.url = url;
        this.driverClassName = driverClassName;
        this.user = user;
        this.password = password;
        this.properties = properties;
        this.config = config;
    }

    /** Names the pool after its runtime ({@code dualaccess-N-a-shadow}); before first use. */
    void name(String poolName) {
        this.name = poolName;
    }

    /** Called once with the pool when it is made (to register its meters). */
    void onStart(Consumer<HikariDataSource> listener) {
        this.onStart = listener;
        HikariDataSource p = pool;
        if (p != null) {
            listener.accept(p);
        }
    }

    /** The pool, or null before the first use. */
    HikariDataSource pool() {
        return pool;
    }

    @Override
    public Connection open() throws SQLException {
        HikariDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                if (closed) {
                    throw new SQLException("dualaccess: the A-as-shadow pool " + name + " is closed");
                }
                p = pool;
                if (p == null) {
                    p = create();
                    pool = p;
                    onStart.accept(p);
                }
            }
        }
        return p.getConnection();
    }

    private HikariDataSource create() {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(url);
        if (driverClassName != null) {
            hc.setDriverClassName(driverClassName);
        }
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setDataSourceProperties(properties);
        hc.setMaximumPoolSize(config.bPoolMaxSize());
        hc.setMinimumIdle(0);
        // A may be slow or away as the shadow side: never fail here, and cost at most the statement timeout.
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(Math.max(250, config.duration(ConfigKey.B_STATEMENT_TIMEOUT).toMillis()));
        return new HikariDataSource(hc);
    }

    @Override
    public synchronized void close() {
        closed = true;
        HikariDataSource p = pool;
        pool = null;
        if (p != null) {
            p.close();
        }
    }
}
