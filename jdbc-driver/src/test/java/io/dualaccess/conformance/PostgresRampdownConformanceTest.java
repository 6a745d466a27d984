package io.dualaccess.conformance;

import java.util.Map;

/**
 * The conformance suite on Postgres in phase {@code rampdown}: B answers the application (here the
 * direct database), and the application sees exactly what B alone would show it.
 */
class PostgresRampdownConformanceTest extends ConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName(), "rampdown",
            DualWriteConformance.directDatabase(engine(), h2Database()));
    }

    @Override
    protected String proxiedAUrl() {
        return DualWriteConformance.otherDatabase(engine(), getClass().getSimpleName());
    }
}
