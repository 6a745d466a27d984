package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.util.Map;

/** The conformance suite on Postgres in phase {@code dual-write}: mirroring to B changes nothing the application sees. */
class PostgresDualWriteConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName());
    }
}
