package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.util.Map;

/** The conformance suite on MariaDb in phase {@code shadow}: reads replayed and writes mirrored, invisibly. */
class MariaDbShadowConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.MARIADB;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName(), "shadow",
            DualWriteConformance.otherDatabase(engine(), getClass().getSimpleName()));
    }
}
