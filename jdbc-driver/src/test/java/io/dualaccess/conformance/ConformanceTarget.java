package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One place a conformance scenario runs: an {@link Engine} reached through an {@link Access}, once
 * {@linkplain #direct() directly} and once {@linkplain #proxied() through dualaccess}.
 *
 * <p>Both sides use the same database, user and password, so a scenario that creates its tables at
 * its start sees the same schema, the same keys and the same sequence values on both runs. The
 * proxied side differs only in the URL ({@code jdbc:dualaccess:} + the plain URL without its
 * {@code jdbc:}) and in the {@code dualaccess.*} connection properties this target carries: empty
 * for the pass-through phase {@code off}; later suites add e.g. {@code dualaccess.phase} and B's URL
 * and run the very same scenarios.
 *
 * <p>A target owns the pools it opens for {@link Access#HIKARI}; {@link #close()} it after each
 * test. {@link #withConnectionProperties} gives a fresh target for one scenario's vendor
 * properties (e.g. MariaDB's {@code allowMultiQueries}).
 */
public final class ConformanceTarget implements AutoCloseable {

    /** Prefix of every dualaccess configuration key; anything else is a vendor property. */
    private static final String DUALACCESS_PREFIX = "dualaccess.";
    /** Small on purpose: a scenario holds one connection at a time. */
    private static final int POOL_SIZE = 2;

    private final Engine engine;
    private final Access access;
    private final String url;
    /** Database A of the proxied URL when it is not the direct database (phases where B answers), else null. */
    private String proxiedA;
    private final String user;
    private final String password;
    private final Map<String, String> dualaccessProperties;
    private final Map<String, String> connectionProperties;
    private HikariDataSource directPool;
    private HikariDataSource proxiedPool;

    private ConformanceTarget(Engine engine, Access access, String url, String user, String password,
                              Map<String, String> dualaccessProperties, Map<String, String> connectionProperties) {
        this.engine = engine;
        this.access = access;
        this.url = url;
        this.user = user;
        this.password = password;
        this.dualaccessProperties = Map.copyOf(dualaccessProperties);
        this.connectionProperties = Map.copyOf(connectionProperties);
        for (String key : this.dualaccessProperties.keySet()) {
            if (!key.startsWith(DUALACCESS_PREFIX)) {
                throw new IllegalArgumentException("not a dualaccess key: " + key + " (vendor properties go to"
                    + " withConnectionProperties, so both sides get them)");
            }
        }
    }

    /**
     * The target for an engine, or a visible skip when its server is not announced. On CI
     * ({@code CI=true}) a missing server fails instead: the matrix must not go green by skipping.
     *
     * @param h2Database name of the in-memory H2 database (one per test class); ignored for servers
     * @param dualaccessProperties {@code dualaccess.*} connection properties for the proxied side
     */
    public static ConformanceTarget resolve(Engine engine, Access access, String h2Database,
                                            Map<String, String> dualaccessProperties) {
        if (!engine.needsServer()) {
            // DB_CLOSE_DELAY=-1 keeps the database between connections: the direct and the proxied
            // run, and the pools' connections, all see one database.
            return new ConformanceTarget(engine, access, "jdbc:h2:mem:" + h2Database + ";DB_CLOSE_DELAY=-1", "sa", "",
                dualaccessProperties, Map.of());
        }
        String url = System.getenv(engine.urlVariable());
        if (url == null || url.isBlank()) {
            unavailable(engine.urlVariable() + " not set: run scripts/test.sh to start " + engine.displayName()
                + " (or `scripts/test-servers.sh start` and `eval \"$(scripts/test-servers.sh env)\"` before mvn)");
        }
        String user = System.getenv(engine.userVariable());
        String password = System.getenv(engine.passwordVariable());
        return new ConformanceTarget(engine, access, url, user, password == null ? "" : password,
            dualaccessProperties, Map.of());
    }

    /** Aborts (skips) the tests, or fails them on CI, where a missing server is a broken build. */
    static void unavailable(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + " (CI=true: a missing server fails the build)");
        }
        Assumptions.abort(reason);
    }

    /** A fresh target (no pools yet) that also gives both sides these vendor connection properties. */
    public ConformanceTarget withConnectionProperties(Map<String, String> vendorProperties) {
        Map<String, String> merged = new LinkedHashMap<>(connectionProperties);
        merged.putAll(vendorProperties);
        ConformanceTarget t = new ConformanceTarget(engine, access, url, user, password, dualaccessProperties, merged);
        t.proxiedA = proxiedA;
        return t;
    }

    /**
     * The same target whose proxied URL names another database as A: where B answers
     * ({@code rampdown}, {@code complete}), B is the direct database and A only receives the mirror.
     */
    public ConformanceTarget withProxiedA(String aUrl) {
        ConformanceTarget t = withConnectionProperties(Map.of());
        t.proxiedA = aUrl;
        return t;
    }

    public Engine engine() {
        return engine;
    }

    public Access access() {
        return access;
    }

    /** The plain URL of database A. */
    public String url() {
        return url;
    }

    /** The same database through dualaccess. */
    public String proxiedUrl() {
        String a = proxiedA != null ? proxiedA : url;
        return "jdbc:dualaccess:" + a.substring("jdbc:".length());
    }

    /** A connection straight to the database (through the pool for {@link Access#HIKARI}). */
    public Connection direct() throws SQLException {
        if (access == Access.DRIVER) {
            return DriverManager.getConnection(url, properties(false));
        }
        if (directPool == null) {
            directPool = pool("direct", url, properties(false));
        }
        return directPool.getConnection();
    }

    /** A connection to the same database through {@code jdbc:dualaccess:}. */
    public Connection proxied() throws SQLException {
        if (access == Access.DRIVER) {
            return DriverManager.getConnection(proxiedUrl(), properties(true));
        }
        if (proxiedPool == null) {
            proxiedPool = pool("proxied", proxiedUrl(), properties(true));
        }
        return proxiedPool.getConnection();
    }

    private Properties properties(boolean proxied) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        p.setProperty("password", password);
        connectionProperties.forEach(p::setProperty);
        if (proxied) {
            dualaccessProperties.forEach(p::setProperty);
        }
        return p;
    }

    private HikariDataSource pool(String side, String jdbcUrl, Properties properties) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("conformance-" + engine.name().toLowerCase(java.util.Locale.ROOT) + "-" + side);
        hc.setJdbcUrl(jdbcUrl);
        // Everything, user and password included, goes to Driver.connect as properties, exactly as an
        // application configures Hikari's dataSourceProperties.
        hc.setDataSourceProperties(properties);
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(0);
        // Connect lazily: a fail-fast probe connection at construction would only cost time.
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(10_000);
        hc.setExceptionOverrideClassName(NeverEvict.class.getName());
        return new HikariDataSource(hc);
    }

    /** Closes the pools this target opened; connections of {@link Access#DRIVER} are the caller's. */
    @Override
    public void close() {
        if (directPool != null) {
            directPool.close();
            directPool = null;
        }
        if (proxiedPool != null) {
            proxiedPool.close();
            proxiedPool = null;
        }
    }

    @Override
    public String toString() {
        return engine.displayName() + " via " + access + (dualaccessProperties.isEmpty() ? "" : " " + dualaccessProperties.keySet());
    }
}
