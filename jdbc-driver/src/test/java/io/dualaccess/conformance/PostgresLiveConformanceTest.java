package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;


/** The conformance suite on Postgres in phase {@code live}. */
class PostgresLiveConformanceTest extends BAnswersConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    protected String phase() {
        return "live";
    }
}
