package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;


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
