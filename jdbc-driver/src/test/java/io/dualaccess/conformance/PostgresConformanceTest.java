package io.dualaccess.conformance;

/**
 * The conformance suite on PostgreSQL ({@code TEST_PG_*}),
 * through DriverManager and through a HikariCP pool, in phase {@code off}.
 */
class PostgresConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }
}
