package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.util.Map;

/** The conformance suite on H2 in phase {@code shadow}: reads replayed and writes mirrored, invisibly. */
class H2ShadowConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.H2;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName(), "shadow",
            DualWriteConformance.otherDatabase(engine(), getClass().getSimpleName()));
    }
}
