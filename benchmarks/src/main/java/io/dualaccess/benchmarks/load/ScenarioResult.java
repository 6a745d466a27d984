package io.dualaccess.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one scenario measured in one round (or, merged, over all rounds). */
final class ScenarioResult {

    final Scenario scenario;
    final Latencies latencies = new Latencies();
    /** Time on B of each mirrored write that matched, from the comparison log's {@code b.ms}, in ns. */
    final Histogram mirrorB = Latencies.histogram();
    /** The same, per write of the workload (by the statement's fingerprint). */
    final Map<Workload.Op, Histogram> mirrorBByOp = new java.util.EnumMap<>(Workload.Op.class);
    /** Comparison events by {@code kind/outcome[/reason]}. */
    final Map<String, Long> outcomes = new TreeMap<>();
    final List<String> errorSamples = new ArrayList<>();
    final List<Double> p99ByRound = new ArrayList<>();
    long ops;
    double seconds;
    long settledOps;
    double settledSeconds;
    /** Application errors (exceptions and wrong answers) while measured. */
    long errors;
    /** Application errors during the warm-up, with B healthy. */
    long warmupErrors;
    /** Milliseconds from B falling sick to the breaker opening, per round that had one. */
    final List<Double> breakerOpenedAfterMs = new ArrayList<>();
    /** Breaker transitions to OPEN while measured. */
    long breakerOpens;
    /** Breaker transitions to OPEN while B was healthy (warm-up, healthy scenarios): B slower than the timeout. */
    long healthyBreakerOpens;
    /** Shadow reads dropped because the queue was full. */
    long shadowDropped;
    int rounds;

    ScenarioResult(Scenario scenario) {
        this.scenario = scenario;
        mirrorBByOp.put(Workload.Op.INSERT, Latencies.histogram());
        mirrorBByOp.put(Workload.Op.UPDATE_IN_TX, Latencies.histogram());
    }

    double throughput() {
        return seconds == 0 ? Double.NaN : ops / seconds;
    }

    /** Adds another round of the same scenario. */
    void add(ScenarioResult r) {
        latencies.add(r.latencies);
        mirrorB.add(r.mirrorB);
        mirrorBByOp.forEach((op, h) -> h.add(r.mirrorBByOp.get(op)));
        r.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        for (String e : r.errorSamples) {
            if (errorSamples.size() < 5) {
                errorSamples.add(e);
            }
        }
        p99ByRound.add(Latencies.ms(r.latencies.all, 99));
        ops += r.ops;
        seconds += r.seconds;
        settledOps += r.settledOps;
        settledSeconds += r.settledSeconds;
        errors += r.errors;
        warmupErrors += r.warmupErrors;
        breakerOpenedAfterMs.addAll(r.breakerOpenedAfterMs);
        breakerOpens += r.breakerOpens;
        healthyBreakerOpens += r.healthyBreakerOpens;
        shadowDropped += r.shadowDropped;
        rounds++;
    }
}
