package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;


/** The conformance suite on MariaDb in phase {@code live}. */
class MariaDbLiveConformanceTest extends BAnswersConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.MARIADB;
    }

    @Override
    protected String phase() {
        return "live";
    }
}
