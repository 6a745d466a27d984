package io.dualaccess.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of conformance scenarios, grouped by topic in the {@code *Scenarios} classes.
 * Every suite runs all of them; add a scenario to its topic's {@code all()}.
 */
public final class Scenarios {

    private Scenarios() {
    }

    /** Every scenario, in a stable order. */
    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(QueryScenarios.all());
        all.addAll(UpdateScenarios.all());
        all.addAll(ReturningScenarios.all());
        all.addAll(TransactionScenarios.all());
        all.addAll(ErrorScenarios.all());
        all.addAll(LobScenarios.all());
        all.addAll(TimeScenarios.all());
        all.addAll(CallableScenarios.all());
        all.addAll(StatementScenarios.all());
        all.addAll(MetaDataScenarios.all());
        return List.copyOf(all);
    }
}
