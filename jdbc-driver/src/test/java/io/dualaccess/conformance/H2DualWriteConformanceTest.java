package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.util.Map;

/** The conformance suite on H2 in phase {@code dual-write}: mirroring to B changes nothing the application sees. */
class H2DualWriteConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.H2;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName());
    }
}
