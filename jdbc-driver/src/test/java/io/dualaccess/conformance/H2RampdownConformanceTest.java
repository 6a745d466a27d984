package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;


/** The conformance suite on H2 in phase {@code rampdown}. */
class H2RampdownConformanceTest extends BAnswersConformanceSuite {

    @Override
    protected Engine engine() {
        return Engine.H2;
    }

    @Override
    protected String phase() {
        return "rampdown";
    }
}
