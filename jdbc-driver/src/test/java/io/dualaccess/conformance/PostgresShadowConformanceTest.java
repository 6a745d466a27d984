package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.util.Map;

/** The conformance suite on Postgres in phase {@code shadow}: reads replayed and writes mirrored, invisibly. */
class PostgresShadowConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName(), "shadow",
            DualWriteConformance.otherDatabase(engine(), getClass().getSimpleName()));
    }
}
