package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;


/**
 * The conformance suite on H2 (in memory, one database for this class),
 * through DriverManager and through a HikariCP pool, in phase {@code off}.
 */
class H2ConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.H2;
    }
}
