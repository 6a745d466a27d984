package io.dualaccess.conformance;

import java.util.Map;

/**
 * The conformance suite in a phase where B answers the application ({@code live}, {@code rampdown},
 * {@code complete}): B is the direct database, A (the proxied URL's database) only receives the
 * mirror, and the application must see exactly what B alone would show it.
 */
abstract class BAnswersConformanceSuite extends ConformanceSuite {

    /** The phase, {@code rampdown} or {@code complete}. */
    protected abstract String phase();

    @Override
    protected Map<String, String> dualaccessProperties() {
        return DualWriteConformance.properties(engine(), getClass().getSimpleName(), phase(),
            DualWriteConformance.directDatabase(engine(), h2Database()));
    }

    @Override
    protected String proxiedAUrl() {
        return DualWriteConformance.otherDatabase(engine(), getClass().getSimpleName());
    }
}
