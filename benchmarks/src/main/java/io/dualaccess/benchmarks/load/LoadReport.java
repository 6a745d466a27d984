package io.dualaccess.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dualaccess.benchmarks.load.Workload.Op;
import io.dualaccess.benchmarks.load.WriteOverheadProbe.Variant;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The load run's results: the Markdown tables printed and written to {@code load-result.md}, and {@code load-result.json}. */
final class LoadReport {

    /** Sick-B target: application p99 once the breaker opens, against the healthy-B run of the phase. */
    static final double SICK_P99_TARGET = 1.1;
    /** dual-write target: dualaccess's own work per mirrored write, in microseconds. */
    static final double PROXY_WORK_TARGET_US = 10;

    final LoadOptions options;
    final Map<String, String> machine;
    final Map<String, ScenarioResult> results;
    final WriteOverheadProbe.Result probe;

    LoadReport(LoadOptions options, Map<String, String> machine, Map<String, ScenarioResult> results,
               WriteOverheadProbe.Result probe) {
        this.options = options;
        this.machine = machine;
        this.results = results;
        this.probe = probe;
    }

    /** The merged result of a scenario, or null when it did not run. */
    ScenarioResult result(String name) {
        return results.get(name);
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("Machine: ").append(machine.getOrDefault("cpu", "?")).append(", ").append(machine.get("cores"))
            .append(" cores; load average before ").append(machine.get("loadBefore")).append(", after ")
            .append(machine.get("loadAfter")).append("; ").append(machine.get("java")).append("; ")
            .append(machine.get("postgresql")).append(".\n");
        b.append("Run: ").append(options.threads()).append(" application threads, ").append(secs(options.warmup()))
            .append(" s warm-up + ").append(secs(options.duration())).append(" s measured per scenario, ")
            .append(options.rounds()).append(" round(s), ").append(options.rows()).append(" rows; dualaccess with ")
            .append("`dualaccess.b.statement-timeout=").append(options.bTimeout()).append("`, `dualaccess.breaker.open-duration=")
            .append(options.breakerOpen()).append("`; b-slow delays every burst from B by ").append(options.slow().toMillis())
            .append(" ms.\n\n");

        ScenarioResult raw = results.get("raw");
        b.append("| scenario | ops/s | × raw | p50 ms | × raw | p99 ms | × raw | p999 ms | × raw | errors | p99 × raw by round |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (ScenarioResult r : results.values()) {
            Histogram h = r.latencies.all;
            Histogram rh = raw == null ? null : raw.latencies.all;
            b.append("| ").append(r.scenario.name())
                .append(" | ").append(num(r.throughput(), 0)).append(" | ").append(ratio(r.throughput(), raw == null ? Double.NaN : raw.throughput()))
                .append(" | ").append(num(Latencies.ms(h, 50), 3)).append(" | ").append(ratio(Latencies.ms(h, 50), rh == null ? Double.NaN : Latencies.ms(rh, 50)))
                .append(" | ").append(num(Latencies.ms(h, 99), 3)).append(" | ").append(ratio(Latencies.ms(h, 99), rh == null ? Double.NaN : Latencies.ms(rh, 99)))
                .append(" | ").append(num(Latencies.ms(h, 99.9), 3)).append(" | ").append(ratio(Latencies.ms(h, 99.9), rh == null ? Double.NaN : Latencies.ms(rh, 99.9)))
                .append(" | ").append(r.errors).append(r.warmupErrors > 0 ? " (+" + r.warmupErrors + " in warm-up)" : "")
                .append(" | ").append(byRound(r, raw)).append(" |\n");
        }
        b.append("\nops/s: operations completed in the measured windows over their length (closed loop: each thread starts its next "
            + "operation when the last one returns). Latency: from borrowing a connection from the pool to giving it back, "
            + "as the application sees it (HdrHistogram, all rounds merged). × raw: the ratio to the same percentile of `raw` "
            + "(for ops/s above 1 is faster, for latency above 1 is slower). errors: exceptions and wrong answers seen by the "
            + "application while measured.\n");

        for (ScenarioResult r : results.values()) {
            if (r.healthyBreakerOpens > 0) {
                b.append("\n**Warning**: in `").append(r.scenario.name()).append("` the mirror's breaker opened ")
                    .append(r.healthyBreakerOpens).append(" time(s) while B was healthy")
                    .append(r.scenario.sick() ? " (during the warm-up; it was reset when B fell sick)" : "")
                    .append(": B's healthy latency exceeded `dualaccess.b.statement-timeout=").append(options.bTimeout())
                    .append("` on this machine, so writes were skipped (see the events below) and the row understates the "
                        + "mirror's cost. Use a quieter machine or a larger `--b-timeout` (with a larger `--slow-ms`).\n");
            }
        }
        appendSick(b);
        appendPerWrite(b);
        appendProbe(b);
        appendOutcomes(b);
        return b.toString();
    }

    private void appendSick(StringBuilder b) {
        List<ScenarioResult> sick = new ArrayList<>();
        for (ScenarioResult r : results.values()) {
            if (r.scenario.sick()) {
                sick.add(r);
            }
        }
        if (sick.isEmpty()) {
            return;
        }
        b.append("\n### B sick while A serves: application latency against the healthy-B run of the same phase\n\n");
        b.append("| scenario | p99 ms (whole) | × healthy | settled window | p99 ms (settled) | × healthy (target ≤ ")
            .append(SICK_P99_TARGET).append(") | p999 ms (settled) | × healthy | breaker opened after | breaker opens | errors |\n");
        b.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (ScenarioResult r : sick) {
            ScenarioResult healthy = results.get(r.scenario.healthyName());
            double hp99 = healthy == null ? Double.NaN : Latencies.ms(healthy.latencies.all, 99);
            double hp999 = healthy == null ? Double.NaN : Latencies.ms(healthy.latencies.all, 99.9);
            double p99 = Latencies.ms(r.latencies.all, 99);
            double sp99 = Latencies.ms(r.latencies.settled, 99);
            double sp999 = Latencies.ms(r.latencies.settled, 99.9);
            String window;
            if (r.scenario.mirrorsToB()) {
                window = r.breakerOpenedAfterMs.isEmpty() ? "breaker never opened: none"
                    : "from the breaker opening: " + r.settledOps + " ops in " + num(r.settledSeconds, 1) + " s";
            } else {
                window = "from " + secs(options.settle()) + " s after B fell sick: " + r.settledOps + " ops";
            }
            double ratio = sp99 / hp99;
            String verdict = Double.isNaN(ratio) ? "" : ratio <= SICK_P99_TARGET ? " met" : " missed";
            b.append("| ").append(r.scenario.name())
                .append(" | ").append(num(p99, 3)).append(" | ").append(ratio(p99, hp99))
                .append(" | ").append(window)
                .append(" | ").append(num(sp99, 3)).append(" | ").append(ratio(sp99, hp99)).append(verdict)
                .append(" | ").append(num(sp999, 3)).append(" | ").append(ratio(sp999, hp999))
                .append(" | ").append(r.scenario.mirrorsToB() ? openedAfter(r) : "no breaker (reads)")
                .append(" | ").append(r.scenario.mirrorsToB() ? String.valueOf(r.breakerOpens) : "–")
                .append(" | ").append(r.errors).append(" |\n");
        }
        b.append("\nB falls sick at the start of the measured window (after a healthy warm-up, so the pools hold live connections "
            + "to B). b-stopped: the relay in front of B resets every connection and refuses new ones. b-slow: the relay holds "
            + "every burst B sends back for the delay above. \"whole\": the entire measured window, the breaker's reaction "
            + "included. \"settled\": operations started after the mirror's breaker first opened (dual-write, shadow), or "
            + "after the settling period (shadow-read, whose shadow work runs off the application's threads and has no breaker). "
            + "The settled window includes the breaker's half-open trials (three writes every "
            + options.breakerOpen() + "). × healthy: against the same percentile of the healthy-B run of the phase.\n");
    }

    private void appendPerWrite(StringBuilder b) {
        ScenarioResult off = results.get("off");
        ScenarioResult dw = results.get("dual-write");
        if (off == null || dw == null) {
            return;
        }
        b.append("\n### dual-write: what a mirrored write adds under load (against `off`)\n\n");
        b.append("| operation | off p50 ms | dual-write p50 ms | added p50 ms | off mean ms | dual-write mean ms | added mean ms |"
            + " mirror on B (`b.ms`) p50 / mean ms |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Op op : WriteOverheadProbe.WRITES) {
            Histogram o = off.latencies.byOp.get(op);
            Histogram d = dw.latencies.byOp.get(op);
            b.append("| ").append(op.label)
                .append(" | ").append(num(Latencies.ms(o, 50), 3)).append(" | ").append(num(Latencies.ms(d, 50), 3))
                .append(" | ").append(num(Latencies.ms(d, 50) - Latencies.ms(o, 50), 3))
                .append(" | ").append(num(Latencies.meanMs(o), 3)).append(" | ").append(num(Latencies.meanMs(d), 3))
                .append(" | ").append(num(Latencies.meanMs(d) - Latencies.meanMs(o), 3))
                .append(" | ").append(num(Latencies.ms(dw.mirrorBByOp.get(op), 50), 3)).append(" / ")
                .append(num(Latencies.meanMs(dw.mirrorBByOp.get(op)), 3)).append(" |\n");
        }
        b.append("\n`b.ms` is the mirrored statement's time on B as the comparison log records it: from before taking "
            + "B's connection to the statement's end, so dualaccess's own preparation of the statement (the generated "
            + "key carried into the INSERT) is in it, B's commit is not. Under load the added latency also holds the short transaction's extra commit on A, "
            + "B's commit, and queueing behind the other threads on this machine's cores; the probe below separates "
            + "dualaccess's own work from the mirror's execution.\n");
    }

    private void appendProbe(StringBuilder b) {
        if (probe == null || probe.rounds == 0) {
            return;
        }
        b.append("\n### dual-write per write, single-threaded probe: the mirror's own cost and dualaccess's work\n\n");
        b.append("| operation | raw p50 ms | by hand p50 ms | dual-write p50 ms | mirror's own cost (by hand − raw) p50 µs "
            + "| dualaccess's work (dual-write − by hand) p50 µs | by round | CPU µs per write: raw / by hand / dual-write "
            + "| dualaccess's work in CPU µs (target ≤ ").append(num(PROXY_WORK_TARGET_US, 0)).append(") |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
        for (Op op : WriteOverheadProbe.WRITES) {
            Histogram raw = probe.latencies.get(Variant.RAW).get(op);
            Histogram hand = probe.latencies.get(Variant.BY_HAND).get(op);
            Histogram dw = probe.latencies.get(Variant.DUAL_WRITE).get(op);
            double workP50 = (dw.getValueAtPercentile(50) - hand.getValueAtPercentile(50)) / 1e3;
            StringBuilder rounds = new StringBuilder();
            for (long v : probe.workByRound.get(op)) {
                rounds.append(rounds.length() == 0 ? "" : ", ").append(num(v / 1e3, 0));
            }
            double cpuWork = probe.cpuMicros(Variant.DUAL_WRITE, op) - probe.cpuMicros(Variant.BY_HAND, op);
            b.append("| ").append(op.label)
                .append(" | ").append(num(Latencies.ms(raw, 50), 3))
                .append(" | ").append(num(Latencies.ms(hand, 50), 3))
                .append(" | ").append(num(Latencies.ms(dw, 50), 3))
                .append(" | ").append(num((hand.getValueAtPercentile(50) - raw.getValueAtPercentile(50)) / 1e3, 0))
                .append(" | ").append(num(workP50, 0))
                .append(" | ").append(rounds)
                .append(" | ").append(num(probe.cpuMicros(Variant.RAW, op), 0)).append(" / ")
                .append(num(probe.cpuMicros(Variant.BY_HAND, op), 0)).append(" / ").append(num(probe.cpuMicros(Variant.DUAL_WRITE, op), 0))
                .append(" | ").append(num(cpuWork, 0)).append(cpuWork <= PROXY_WORK_TARGET_US ? " met" : " missed")
                .append(" |\n");
        }
        b.append("\nThe mirrored statement's time on B as dualaccess recorded it (`b.ms`), median over the probe's dual-write "
            + "blocks: insert ").append(num(Latencies.ms(probe.dualWriteLog.mirrorBByOp.get(Op.INSERT), 50), 3))
            .append(" ms, update ").append(num(Latencies.ms(probe.dualWriteLog.mirrorBByOp.get(Op.UPDATE_IN_TX), 50), 3))
            .append(" ms.\n");
        b.append("\n").append(probe.rounds).append(" rounds × ").append(probe.opsPerBlock)
            .append(" writes per block and variant, one thread, blocks alternating in order. by hand: the same write mirrored "
                + "with plain JDBC in dualaccess's order (A's statement, B's statement with A's key, A's commit, B's commit; B's "
                + "connection from a HikariCP pool), so by hand − raw is what the mirror itself costs and dual-write − by hand "
                + "is dualaccess's own work: classification, parameter capture, the key carried to B, the comparison event, "
                + "the breaker and timeout bookkeeping. CPU µs: CPU time of the application's thread per write "
                + "(ThreadMXBean), which other processes on the machine disturb far less than wall-clock time; dualaccess's "
                + "work in CPU µs is dual-write's minus by hand's.\n");
        appendSplit(b);
        if (probe.breakerOpens.get() > 0) {
            b.append("\n**Warning**: the breaker opened ").append(probe.breakerOpens.get()).append(" time(s) during the probe "
                + "(B slower than the statement timeout on this machine): the skipped writes make dual-write look cheaper than it is.\n");
        }
    }

    /** Each write split into A's and B's vendor execution and the client's own work, per variant. */
    private void appendSplit(StringBuilder b) {
        b.append("\n#### Where a write's time goes: vendor execution on A and B, and the client's own work (µs, p50 / p90 / p99)\n\n");
        b.append("| operation | variant | A execution | B (mirror) execution | client work (total − A − B) |\n");
        b.append("| --- | --- | ---: | ---: | ---: |\n");
        for (Op op : WriteOverheadProbe.WRITES) {
            for (Variant v : Variant.values()) {
                WriteOverheadProbe.Split sp = probe.split.get(v).get(op);
                b.append("| ").append(op.label).append(" | ").append(v.label)
                    .append(" | ").append(micros(sp.a)).append(" | ").append(micros(sp.b))
                    .append(" | ").append(micros(sp.client)).append(" |\n");
            }
        }
        b.append("\n| operation | dualaccess's own work per write (dual-write's client work − by hand's) p50 / p90 µs | target ≤ ")
            .append(num(PROXY_WORK_TARGET_US, 0)).append(" µs |\n| --- | ---: | --- |\n");
        for (Op op : WriteOverheadProbe.WRITES) {
            double p50 = probe.workMicros(op, 50);
            b.append("| ").append(op.label).append(" | ").append(num(p50, 1)).append(" / ").append(num(probe.workMicros(op, 90), 1))
                .append(" | ").append(p50 <= PROXY_WORK_TARGET_US ? "met" : "missed").append(" |\n");
        }
        b.append("\nA and B execution: the time inside the vendor drivers' execute, executeBatch, commit and rollback calls "
            + "(round trips and the servers' work), timed by a p6spy wrapper under every variant's connections. Client work: "
            + "the rest of the write on the application's thread: the drivers' client side, HikariCP, and for dual-write "
            + "dualaccess. Raw and by hand have no dualaccess, so the difference of client work is dualaccess's own.\n");
    }

    private static String micros(Histogram h) {
        return num(h.getValueAtPercentile(50) / 1e3, 0) + " / " + num(h.getValueAtPercentile(90) / 1e3, 0) + " / "
            + num(h.getValueAtPercentile(99) / 1e3, 0);
    }

    private void appendOutcomes(StringBuilder b) {
        b.append("\n<details><summary>Comparison events and shadow drops per scenario</summary>\n\n");
        b.append("| scenario | events (kind/outcome/reason: count) | shadow reads dropped |\n| --- | --- | ---: |\n");
        for (ScenarioResult r : results.values()) {
            if (!r.scenario.dualaccess()) {
                continue;
            }
            StringBuilder o = new StringBuilder();
            r.outcomes.forEach((k, v) -> o.append(o.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
            b.append("| ").append(r.scenario.name()).append(" | ").append(o.length() == 0 ? "none" : o).append(" | ")
                .append(r.shadowDropped).append(" |\n");
        }
        b.append("\n</details>\n");
        for (ScenarioResult r : results.values()) {
            if (!r.errorSamples.isEmpty()) {
                b.append("\nErrors in ").append(r.scenario.name()).append(" (first ones): ").append(String.join("; ", r.errorSamples))
                    .append('\n');
            }
        }
    }

    private String openedAfter(ScenarioResult r) {
        if (r.breakerOpenedAfterMs.isEmpty()) {
            return "never";
        }
        StringBuilder s = new StringBuilder();
        for (double ms : r.breakerOpenedAfterMs) {
            s.append(s.length() == 0 ? "" : ", ").append(num(ms, 0)).append(" ms");
        }
        return s.toString();
    }

    private static String byRound(ScenarioResult r, ScenarioResult raw) {
        if (raw == null || r.p99ByRound.size() < 2 || raw.p99ByRound.size() != r.p99ByRound.size()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < r.p99ByRound.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(num(r.p99ByRound.get(i) / raw.p99ByRound.get(i), 2));
        }
        return s.toString();
    }

    /** Writes load-result.md and load-result.json into the options' directory. */
    void write() throws IOException {
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("load-result.md"), markdown());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(options.out().resolve("load-result.json").toFile(), toJson());
    }

    private Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("threads", options.threads());
        opts.put("warmupSeconds", options.warmup().toMillis() / 1e3);
        opts.put("durationSeconds", options.duration().toMillis() / 1e3);
        opts.put("rounds", options.rounds());
        opts.put("rows", options.rows());
        opts.put("slowMs", options.slow().toMillis());
        opts.put("bStatementTimeout", options.bTimeout());
        opts.put("breakerOpenDuration", options.breakerOpen());
        root.put("options", opts);
        root.put("machine", machine);
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult r : results.values()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("scenario", r.scenario.name());
            s.put("rounds", r.rounds);
            s.put("ops", r.ops);
            s.put("seconds", r.seconds);
            s.put("opsPerSecond", r.throughput());
            s.put("errors", r.errors);
            s.put("warmupErrors", r.warmupErrors);
            s.put("latencyMs", percentiles(r.latencies.all));
            s.put("settledLatencyMs", percentiles(r.latencies.settled));
            s.put("settledOps", r.settledOps);
            Map<String, Object> byOp = new LinkedHashMap<>();
            for (Op op : Op.values()) {
                byOp.put(op.name().toLowerCase(Locale.ROOT), percentiles(r.latencies.byOp.get(op)));
            }
            s.put("latencyMsByOperation", byOp);
            s.put("p99MsByRound", r.p99ByRound);
            s.put("breakerOpenedAfterMs", r.breakerOpenedAfterMs);
            s.put("breakerOpens", r.breakerOpens);
            s.put("shadowDropped", r.shadowDropped);
            s.put("mirrorOnBMs", percentiles(r.mirrorB));
            s.put("events", r.outcomes);
            s.put("errorSamples", r.errorSamples);
            scenarios.add(s);
        }
        root.put("scenarios", scenarios);
        if (probe != null && probe.rounds > 0) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("rounds", probe.rounds);
            p.put("opsPerBlock", probe.opsPerBlock);
            for (Op op : WriteOverheadProbe.WRITES) {
                Map<String, Object> o = new LinkedHashMap<>();
                for (Variant v : Variant.values()) {
                    o.put(v.name().toLowerCase(Locale.ROOT), percentiles(probe.latencies.get(v).get(op)));
                }
                o.put("dualaccessWorkNanosByRound", probe.workByRound.get(op));
                Map<String, Object> split = new LinkedHashMap<>();
                for (Variant v : Variant.values()) {
                    WriteOverheadProbe.Split sp = probe.split.get(v).get(op);
                    split.put(v.name().toLowerCase(Locale.ROOT), Map.of("aExecutionNanos", nanoPercentiles(sp.a),
                        "bExecutionNanos", nanoPercentiles(sp.b), "clientWorkNanos", nanoPercentiles(sp.client)));
                }
                o.put("split", split);
                o.put("dualaccessWorkMicrosP50", probe.workMicros(op, 50));
                o.put("mirrorCostNanosByRound", probe.mirrorByRound.get(op));
                p.put(op.name().toLowerCase(Locale.ROOT), o);
            }
            p.put("mirrorOnBMs", percentiles(probe.dualWriteLog.mirrorB));
            root.put("writeOverheadProbe", p);
        }
        return root;
    }

    private static Map<String, Object> nanoPercentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99}) {
            m.put("p" + (int) p, h.getTotalCount() == 0 ? null : h.getValueAtPercentile(p));
        }
        return m;
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("mean", Latencies.meanMs(h));
        m.put("p50", Latencies.ms(h, 50));
        m.put("p99", Latencies.ms(h, 99));
        m.put("p999", Latencies.ms(h, 99.9));
        m.put("max", h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6);
        return m;
    }

    private static String secs(java.time.Duration d) {
        return num(d.toMillis() / 1e3, d.toMillis() % 1000 == 0 ? 0 : 1);
    }

    static String num(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String ratio(double v, double base) {
        if (Double.isNaN(v) || Double.isNaN(base) || base == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", v / base);
    }
}
