package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;


/** The conformance suite on H2 in phase {@code live}. */
class H2LiveConformanceTest extends BAnswersConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.H2;
    }

    @Override
    protected String phase() {
        return "live";
    }
}
