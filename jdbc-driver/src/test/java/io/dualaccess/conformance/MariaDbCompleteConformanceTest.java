package io.dualaccess.conformance;

import java.util.Map;

/**
 * The conformance suite on MariaDb in phase {@code complete}: B answers the application (here the
 * direct database), and the application sees exactly what B alone would show it.
 */
class MariaDbCompleteConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.MARIADB;
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
