package io.dualaccess.conformance;

import java.util.Map;

/**
 * The conformance suite on H2 in phase {@code complete}: B answers the application (here the
 * direct database), and the application sees exactly what B alone would show it.
 */
class H2CompleteConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.H2;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName(), "complete",
            DualWriteConformance.directDatabase(engine(), h2Database()));
    }

    @Override
    protected String proxiedAUrl() {
        return DualWriteConformance.otherDatabase(engine(), getClass().getSimpleName());
    }
}
