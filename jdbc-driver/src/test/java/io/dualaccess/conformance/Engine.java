package io.dualaccess.conformance;

/**
 * A database engine the conformance suite runs on, with what the suite needs to know about it:
 * where its server is announced (environment variables written by {@code scripts/test-servers.sh}),
 * and which vendor types an application may {@code unwrap} to.
 */
public enum Engine {

    /** H2 in memory: always available, no server. */
    H2(null, "org.h2.jdbc.JdbcConnection", "org.h2.jdbc.JdbcStatement", "org.h2.jdbc.JdbcResultSet"),
    /** PostgreSQL from {@code TEST_PG_URL_A}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}. */
    POSTGRESQL("TEST_PG", "org.postgresql.PGConnection", "org.postgresql.PGStatement", "org.postgresql.jdbc.PgResultSet"),
    /** MariaDB from {@code TEST_MARIADB_URL_A}, {@code TEST_MARIADB_USER}, {@code TEST_MARIADB_PASSWORD}. */
    MARIADB("TEST_MARIADB", "org.mariadb.jdbc.Connection", "org.mariadb.jdbc.Statement",
        "org.mariadb.jdbc.client.result.Result");

    private final String envPrefix;
    private final String vendorConnection;
    private final String vendorStatement;
    private final String vendorResultSet;

    Engine(String envPrefix, String vendorConnection, String vendorStatement, String vendorResultSet) {
        this.envPrefix = envPrefix;
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
        return envPrefix != null;
    }

    /** Name of the environment variable holding database A's URL, e.g. {@code TEST_PG_URL_A}. */
    public String urlVariable() {
        return envPrefix + "_URL_A";
    }

    /** Name of the environment variable holding the user. */
    public String userVariable() {
        return envPrefix + "_USER";
    }

    /** Name of the environment variable holding the password. */
    public String passwordVariable() {
        return envPrefix + "_PASSWORD";
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
        switch (this) {
            case H2:
                return h2;
            case POSTGRESQL:
                return postgresql;
            default:
                return mariadb;
        }
    }

    /** How an unquoted identifier is stored, as {@code DatabaseMetaData} patterns must name it. */
    public String storedIdentifier(String unquotedLowerCase) {
        return this == H2 ? unquotedLowerCase.toUpperCase(java.util.Locale.ROOT) : unquotedLowerCase;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("vendor class " + name + " is not on the test classpath", e);
        }
    }
}
