package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;


/**
 * The conformance suite on MariaDB ({@code TEST_MARIADB_*}),
 * through DriverManager and through a HikariCP pool, in phase {@code off}.
 */
class MariaDbConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.MARIADB;
    }
}
