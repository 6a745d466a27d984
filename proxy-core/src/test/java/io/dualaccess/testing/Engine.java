package io.dualaccess.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database engines tests run on, the one such enum of the project (proxy-core's tests, the
 * conformance suite in jdbc-driver, the benchmarks' tests). H2 is embedded; PostgreSQL and MariaDB
 * come from the servers {@code scripts/test.sh} starts ({@code TEST_PG_URL_A} etc.). A server that
 * is not configured skips its tests with a visible reason, except under {@code CI=true}, where it
 * fails them.
 */
public enum Engine {
    /** H2 in memory: always available, no server. */
    H2(null, null, null, null, "org.h2.jdbc.JdbcConnection", "org.h2.jdbc.JdbcStatement", "org.h2.jdbc.JdbcResultSet"),
    /** PostgreSQL from {@code TEST_PG_URL_A}, {@code TEST_PG_URL_B}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}. */
    POSTGRESQL("TEST_PG_URL_A", "TEST_PG_URL_B", "TEST_PG_USER", "TEST_PG_PASSWORD",
        "org.postgresql.PGConnection", "org.postgresql.PGStatement", "org.postgresql.jdbc.PgResultSet"),
    /** MariaDB from {@code TEST_MARIADB_URL_A} and so on. */
    MARIADB("TEST_MARIADB_URL_A", "TEST_MARIADB_URL_B", "TEST_MARIADB_USER", "TEST_MARIADB_PASSWORD",
        "org.mariadb.jdbc.Connection", "org.mariadb.jdbc.Statement", "org.mariadb.jdbc.client.result.Result");

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    private final String urlA;
    private final String urlB;
    private final String user;
    private final String password;
    private final String vendorConnection;
    private final String vendorStatement;
    private final String vendorResultSet;

    Engine(String urlA, String urlB, String user, String password, String vendorConnection, String vendorStatement,
           String vendorResultSet) {
        this.urlA = urlA;
        this.urlB = urlB;
        this.user = user;
        this.password = password;
        this.vendorConnection = vendorConnection;
        this.vendorStatement = vendorStatement;
        this.vendorResultSet = vendorResultSet;
    }

    /** The engine's name as people write it, for reports. */
    public String displayName() {
        return pick("H2", "PostgreSQL", "MariaDB");
    }

    /** Whether the engine needs a running server announced through environment variables. */
    public boolean needsServer() {
        return urlA != null;
    }

    /** Name of the environment variable holding database A's URL, e.g. {@code TEST_PG_URL_A}. */
    public String urlVariable() {
        return urlA;
    }

    /** Name of the environment variable holding the user. */
    public String userVariable() {
        return user;
    }

    /** Name of the environment variable holding the password. */
    public String passwordVariable() {
        return password;
    }

    /** The vendor type an application unwraps a {@link java.sql.Connection} to. */
    public Class<?> vendorConnectionType() {
        return load(vendorConnection);
    }

    /** The vendor type an application unwraps a {@link java.sql.Statement} to. */
    public Class<?> vendorStatementType() {
        return load(vendorStatement);
    }

    /** The vendor type an application unwraps a {@link java.sql.ResultSet} to. */
    public Class<?> vendorResultSetType() {
        return load(vendorResultSet);
    }

    /** Picks this engine's variant of something that differs between engines (SQL, a value). */
    public <T> T pick(T h2, T postgresql, T mariadb) {
        return switch (this) {
            case H2 -> h2;
            case POSTGRESQL -> postgresql;
            case MARIADB -> mariadb;
        };
    }

    /** How an unquoted identifier is stored, as {@code DatabaseMetaData} patterns must name it. */
    public String storedIdentifier(String unquotedLowerCase) {
        return this == H2 ? unquotedLowerCase.toUpperCase(Locale.ROOT) : unquotedLowerCase;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("vendor class " + name + " is not on the test classpath", e);
        }
    }

    /** Database A on this engine (a fresh in-memory database for H2). */
    public TestDb a() {
        return db(urlA, "a");
    }

    /** Database B on this engine (a fresh in-memory database for H2). */
    public TestDb b() {
        return db(urlB, "b");
    }

    private TestDb db(String urlVar, String side) {
        if (this == H2) {
            return new TestDb(this, "jdbc:h2:mem:" + side + H2_DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
        String url = System.getenv(urlVar);
        if (url == null || url.isBlank()) {
            String reason = urlVar + " is not set: run scripts/test.sh (or scripts/test-servers.sh start) for " + name();
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(reason + " — CI must run every engine");
            }
            Assumptions.abort(reason);
        }
        return new TestDb(this, url, System.getenv(user), System.getenv(password));
    }

    /** The column type for an auto-generated integer key. */
    public String identity() {
        return switch (this) {
            case H2, POSTGRESQL -> "bigint generated by default as identity primary key";
            case MARIADB -> "bigint auto_increment primary key";
        };
    }
}
