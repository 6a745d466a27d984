package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.util.Map;

/** The conformance suite on MariaDb in phase {@code dual-write}: mirroring to B changes nothing the application sees. */
class MariaDbDualWriteConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.MARIADB;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName());
    }
}
