package io.dualaccess.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints JMH results ({@code -rf json}) as Markdown: one row per workload and mode with
 * throughput and its ratio to {@code raw}, CPU time per operation ({@link CpuTimeProfiler}) and
 * its ratio to {@code raw}, and allocation per operation ({@code -prof gc}'s
 * {@code gc.alloc.rate.norm}) beside its difference from {@code raw}; then {@code dualaccess-off}
 * against its targets.
 *
 * <p>Each file is one round (one JMH run over every mode). Ratios are taken within a round, so
 * drift between rounds (another build on the machine, thermal state) cancels out, and then
 * averaged over the rounds.
 *
 * <pre>java -cp benchmarks.jar io.dualaccess.benchmarks.ResultTable target/jmh-result-1.json [more rounds…]</pre>
 */
public final class ResultTable {

    static final String BASELINE = Mode.RAW.spelling();
    static final String SUBJECT = Mode.DUALACCESS_OFF.spelling();
    static final double TARGET_RATIO = 0.97;
    static final double TARGET_ALLOC_DELTA = 100;
    static final String ALLOC_TARGET_WORKLOAD = "statementCycle";
    static final String ROWS_WORKLOAD = "select1000Rows";
    static final int ROWS_PER_OP = Fixture.RANGE;

    private static final List<String> WORKLOAD_ORDER = List.of("statementCycle", "pointSelect", "select1000Rows",
        "insert", "updateInTransaction", "batch100Inserts");

    /** One measurement: a workload in a mode in one round; NaN where the run did not measure it. */
    record Cell(double score, double error, double cpu, double cpuError, double alloc) {
        static double relative(double error, double value) {
            return Double.isFinite(error) && value > 0 ? error / value : Double.NaN;
        }
    }

    /** What a ratio compares: throughput (higher is better) or CPU time per operation (lower is better). */
    enum Basis {
        WALL, CPU;

        /** How many times better {@code a} is than {@code b}: above 1 means a is faster or cheaper. */
        Ratio of(Cell a, Cell b) {
            double v;
            double ea;
            double eb;
            if (this == WALL) {
                v = a.score / b.score;
                ea = Cell.relative(a.error, a.score);
                eb = Cell.relative(b.error, b.score);
            } else {
                v = b.cpu / a.cpu;
                ea = Cell.relative(a.cpuError, a.cpu);
                eb = Cell.relative(b.cpuError, b.cpu);
            }
            return new Ratio(v, v * Math.sqrt(sq(ea) + sq(eb)));
        }
    }

    /** A ratio with its propagated half-width (NaN when JMH gave no error, e.g. a single iteration). */
    record Ratio(double value, double error) {
        static Ratio mean(List<Ratio> rs) {
            double sum = 0;
            double errSq = 0;
            for (Ratio r : rs) {
                sum += r.value;
                errSq += sq(r.error);
            }
            return new Ratio(sum / rs.size(), Math.sqrt(errSq) / rs.size());
        }

        String format() {
            if (!Double.isFinite(value)) {
                return "–";
            }
            return Double.isFinite(error) ? String.format(Locale.ROOT, "%.3f ± %.3f", value, error)
                : String.format(Locale.ROOT, "%.3f", value);
        }

        /** "met", "missed", or "… (within noise)" when the confidence interval straddles the target. */
        String against(double target) {
            if (!Double.isFinite(value)) {
                return "–";
            }
            if (!Double.isFinite(error)) {
                return value >= target ? "met" : "missed";
            }
            if (value - error >= target) {
                return "met";
            }
            if (value + error < target) {
                return "missed";
            }
            return value >= target ? "met (within noise)" : "missed (within noise)";
        }
    }

    private static double sq(double x) {
        return x * x;
    }

    /** rounds.get(i): workload → mode → cell. */
    private final List<Map<String, Map<String, Cell>>> rounds = new ArrayList<>();
    private final Set<String> workloads = new LinkedHashSet<>();
    private final Set<String> modes = new LinkedHashSet<>();
    private JsonNode first;

    /** Adds one JMH JSON result file as a round. */
    void addRound(JsonNode results) {
        Map<String, Map<String, Cell>> round = new LinkedHashMap<>();
        for (JsonNode r : results) {
            if (first == null) {
                first = r;
            }
            String benchmark = r.path("benchmark").asText();
            String workload = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String mode = r.path("params").path("mode").asText("?");
            JsonNode pm = r.path("primaryMetric");
            JsonNode secondary = r.path("secondaryMetrics");
            JsonNode cpu = secondary(secondary, "cpu.worker.norm");
            JsonNode alloc = secondary(secondary, "gc.alloc.rate.norm");
            Cell cell = new Cell(pm.path("score").asDouble(Double.NaN), number(pm.path("scoreError")),
                cpu == null ? Double.NaN : number(cpu.path("score")),
                cpu == null ? Double.NaN : number(cpu.path("scoreError")),
                alloc == null ? Double.NaN : number(alloc.path("score")));
            round.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(mode, cell);
            workloads.add(workload);
            modes.add(mode);
        }
        rounds.add(round);
    }

    /** JMH writes "NaN" as a string when it cannot compute an error. */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Secondary metrics are named "gc.alloc.rate.norm" or, in older JMH, "·gc.alloc.rate.norm". */
    private static JsonNode secondary(JsonNode metrics, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            while (!key.isEmpty() && !Character.isLetter(key.charAt(0))) {
                key = key.substring(1);
            }
            if (key.equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private List<String> orderedWorkloads() {
        List<String> out = new ArrayList<>();
        for (String w : WORKLOAD_ORDER) {
            if (workloads.contains(w)) {
                out.add(w);
            }
        }
        for (String w : workloads) {
            if (!out.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private List<String> orderedModes() {
        List<String> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            if (modes.contains(m.spelling())) {
                out.add(m.spelling());
            }
        }
        for (String m : modes) {
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The cells of a workload and mode, one per round that measured it. */
    private List<Cell> cells(String workload, String mode) {
        List<Cell> out = new ArrayList<>();
        for (Map<String, Map<String, Cell>> round : rounds) {
            Cell c = round.getOrDefault(workload, Map.of()).get(mode);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The per-round ratios of a to b (only rounds that measured both). */
    private List<Ratio> ratiosByRound(String workload, String modeA, String modeB, Basis basis) {
        List<Ratio> rs = new ArrayList<>();
        for (Map<String, Map<String, Cell>> round : rounds) {
            Map<String, Cell> byMode = round.getOrDefault(workload, Map.of());
            Cell a = byMode.get(modeA);
            Cell b = byMode.get(modeB);
            if (a != null && b != null) {
                Ratio r = basis.of(a, b);
                if (Double.isFinite(r.value)) {
                    rs.add(r);
                }
            }
        }
        return rs;
    }

    /** The mean over rounds of the ratio a/b, each taken within one round; null if no round has both. */
    private Ratio ratio(String workload, String modeA, String modeB, Basis basis) {
        List<Ratio> rs = ratiosByRound(workload, modeA, modeB, basis);
        return rs.isEmpty() ? null : Ratio.mean(rs);
    }

    private static double mean(List<Cell> cells, java.util.function.ToDoubleFunction<Cell> f) {
        double sum = 0;
        int n = 0;
        for (Cell c : cells) {
            double v = f.applyAsDouble(c);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double maxRelativeError(List<Cell> cells) {
        double max = Double.NaN;
        for (Cell c : cells) {
            double e = Cell.relative(c.error, c.score);
            if (Double.isFinite(e) && !(e <= max)) {
                max = e;
            }
        }
        return max;
    }

    private double allocDelta(String workload, String mode) {
        return mean(cells(workload, mode), Cell::alloc) - mean(cells(workload, BASELINE), Cell::alloc);
    }

    private boolean hasCpu() {
        for (Map<String, Map<String, Cell>> round : rounds) {
            for (Map<String, Cell> byMode : round.values()) {
                for (Cell c : byMode.values()) {
                    if (Double.isFinite(c.cpu)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Prints the whole report. */
    void print(PrintStream out) {
        printSettings(out);
        printMainTable(out);
        printTargets(out);
    }

    private void printSettings(PrintStream out) {
        if (first == null) {
            out.println("No results.");
            return;
        }
        out.printf(Locale.ROOT, "JMH %s, %s %s; %d round(s) of: %s fork(s), %s × %s warm-up, %s × %s measurement,"
                + " %s thread(s)%n%n",
            first.path("jmhVersion").asText("?"), first.path("vmName").asText("?"), first.path("jdkVersion").asText("?"),
            rounds.size(), first.path("forks").asText("?"), first.path("warmupIterations").asText("?"),
            first.path("warmupTime").asText("?"), first.path("measurementIterations").asText("?"),
            first.path("measurementTime").asText("?"), first.path("threads").asText("?"));
    }

    private void printMainTable(PrintStream out) {
        boolean spread = rounds.size() > 1;
        boolean cpu = hasCpu();
        out.println("| workload | mode | ops/s | ± | × raw | " + (cpu ? "CPU µs/op | × raw (CPU) | " : "")
            + (spread ? "× raw by round | " : "") + "B/op | Δ B/op vs raw |");
        out.println("| --- | --- | ---: | ---: | ---: | " + (cpu ? "---: | ---: | " : "") + (spread ? "---: | " : "")
            + "---: | ---: |");
        for (String w : orderedWorkloads()) {
            for (String m : orderedModes()) {
                List<Cell> cs = cells(w, m);
                if (cs.isEmpty()) {
                    continue;
                }
                StringBuilder row = new StringBuilder();
                row.append("| ").append(w).append(" | ").append(m).append(" | ")
                    .append(fmt("%,.0f", mean(cs, Cell::score))).append(" | ")
                    .append(pct(maxRelativeError(cs))).append(" | ")
                    .append(format(ratio(w, m, BASELINE, Basis.WALL))).append(" | ");
                if (cpu) {
                    row.append(fmt("%,.2f", mean(cs, Cell::cpu) / 1000)).append(" | ")
                        .append(format(ratio(w, m, BASELINE, Basis.CPU))).append(" | ");
                }
                if (spread) {
                    row.append("wall ").append(joinRatios(ratiosByRound(w, m, BASELINE, Basis.WALL)));
                    if (cpu) {
                        row.append("; CPU ").append(joinRatios(ratiosByRound(w, m, BASELINE, Basis.CPU)));
                    }
                    row.append(" | ");
                }
                row.append(fmt("%,.0f", mean(cs, Cell::alloc))).append(" | ")
                    .append(m.equals(BASELINE) ? "–" : fmt("%+,.0f", allocDelta(w, m))).append(" |");
                out.println(row);
            }
        }
        out.println();
        out.println("ops/s: mean over rounds of JMH's score; ±: JMH's 99.9% confidence half-width, relative (largest"
            + " over rounds); × raw: throughput ratio to raw taken within each round, then averaged, ± propagated"
            + " from both confidence intervals (above 1: faster than raw)"
            + (cpu ? "; CPU µs/op: CPU time of the benchmark thread per operation (-prof "
                + CpuTimeProfiler.class.getName() + "); × raw (CPU): raw's CPU time over the mode's, the same"
                + " ratio read from CPU time, which other processes on the machine disturb far less" : "")
            + "; B/op: gc.alloc.rate.norm (allocation per operation on the benchmark thread, -prof gc).");
        out.println();
    }

    private void printTargets(PrintStream out) {
        if (!modes.contains(SUBJECT) || !modes.contains(BASELINE)) {
            return;
        }
        boolean cpu = hasCpu();
        List<String> others = new ArrayList<>();
        others.add(BASELINE);
        for (Mode m : List.of(Mode.P6SPY, Mode.DATASOURCE_PROXY)) {
            if (modes.contains(m.spelling())) {
                others.add(m.spelling());
            }
        }
        out.println("### " + SUBJECT + " against its targets");
        out.println();
        StringBuilder head = new StringBuilder("| workload |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (String o : others) {
            String target = o.equals(BASELINE) ? "≥ " + TARGET_RATIO : "≥ 1";
            head.append(" × ").append(o).append(" (").append(target).append(") |");
            rule.append(" --- |");
        }
        head.append(" Δ B/op vs raw |");
        rule.append(" ---: |");
        out.println(head);
        out.println(rule);
        for (String w : orderedWorkloads()) {
            if (ratio(w, SUBJECT, BASELINE, Basis.WALL) == null) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + w + " |");
            for (String o : others) {
                double target = o.equals(BASELINE) ? TARGET_RATIO : 1.0;
                Ratio wall = ratio(w, SUBJECT, o, Basis.WALL);
                row.append(" wall ").append(format(wall)).append(": ").append(wall == null ? "–" : wall.against(target));
                if (cpu) {
                    Ratio c = ratio(w, SUBJECT, o, Basis.CPU);
                    row.append("<br>CPU ").append(format(c)).append(": ").append(c == null ? "–" : c.against(target));
                }
                row.append(" |");
            }
            double delta = allocDelta(w, SUBJECT);
            row.append(' ').append(fmt("%+,.0f", delta));
            if (w.equals(ALLOC_TARGET_WORKLOAD)) {
                row.append(delta <= TARGET_ALLOC_DELTA ? " (target ≤ +100: met)" : " (target ≤ +100: missed)");
            }
            if (w.equals(ROWS_WORKLOAD)) {
                row.append(fmt(" (%+.2f per row)", delta / ROWS_PER_OP));
            }
            row.append(" |");
            out.println(row);
        }
        out.println();
        out.println("\"within noise\": the confidence interval of the ratio straddles the target, so this run cannot"
            + " tell; the verdict follows the mean. Allocation per operation is steady enough to read directly.");
    }

    private static String format(Ratio r) {
        return r == null ? "–" : r.format();
    }

    private static String joinRatios(List<Ratio> rs) {
        StringBuilder sb = new StringBuilder();
        for (Ratio r : rs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(fmt("%.3f", r.value));
        }
        return sb.length() == 0 ? "–" : sb.toString();
    }

    private static String pct(double relative) {
        return Double.isFinite(relative) ? fmt("%.1f%%", relative * 100) : "–";
    }

    private static String fmt(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "–";
    }

    /**
     * Prints the report for the given JMH JSON files (one per round) to standard output.
     *
     * @param args one or more result files
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ResultTable <jmh-result.json> [more rounds…]");
            System.exit(2);
        }
        ObjectMapper mapper = new ObjectMapper();
        ResultTable table = new ResultTable();
        for (String a : args) {
            JsonNode results = mapper.readTree(Files.readString(Path.of(a)));
            if (results == null || !results.isArray()) {
                System.err.println("not a JMH JSON result (expected an array): " + a);
                System.exit(2);
            }
            table.addRound(results);
        }
        table.print(System.out);
    }
}
