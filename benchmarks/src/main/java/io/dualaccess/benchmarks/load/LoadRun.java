package io.dualaccess.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load run against real PostgreSQL servers: a mixed OLTP workload on N threads, through
 * HikariCP, raw and through dualaccess in each phase, with B healthy, stopped and slowed; then a
 * single-threaded probe of what a mirrored write costs. Prints a Markdown table and writes
 * {@code load-result.md} and {@code load-result.json}. Run it with {@code benchmarks/load.sh}
 * (see {@code docs/performance.md}); {@code --help} lists the options.
 */
public final class LoadRun {

    private LoadRun() {
    }

    /** Command-line entry point. */
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(LoadOptions.usage());
                return;
            }
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadRun: " + e.getMessage());
            System.exit(2);
            return;
        }
        LoadReport report = run(options);
        System.out.println(report.markdown());
        System.err.println("LoadRun: results in " + options.out().toAbsolutePath());
    }

    /** Runs every round of every scenario, then the probe, and writes the report. */
    static LoadReport run(LoadOptions o) throws Exception {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("cpu", cpuModel());
        machine.put("java", "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        machine.put("postgresql", postgresVersion(o));
        machine.put("loadBefore", loadAverage());

        Map<String, ScenarioResult> merged = new LinkedHashMap<>();
        for (Scenario s : o.scenarios()) {
            merged.put(s.name(), new ScenarioResult(s));
        }
        Path work = o.out().resolve("runs");
        for (int round = 1; round <= o.rounds(); round++) {
            List<Scenario> order = new ArrayList<>(o.scenarios());
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Scenario s : order) {
                long t0 = System.nanoTime();
                ScenarioResult r = ScenarioRun.run(o, s, work.resolve(round + "-" + s.name().replace('/', '-')));
                merged.get(s.name()).add(r);
                System.err.printf(java.util.Locale.ROOT, "LoadRun: round %d/%d %-22s %8.0f ops/s  p50 %7.3f ms  p99 %8.3f ms  "
                        + "errors %d  (%.0f s, load %s)%n", round, o.rounds(), s.name(), r.throughput(),
                    Latencies.ms(r.latencies.all, 50), Latencies.ms(r.latencies.all, 99), r.errors,
                    (System.nanoTime() - t0) / 1e9, loadAverage());
            }
        }
        WriteOverheadProbe.Result probe = null;
        if (o.probeRounds() > 0) {
            System.err.println("LoadRun: dual-write overhead probe, " + o.probeRounds() + " rounds");
            probe = WriteOverheadProbe.run(o, work.resolve("probe"));
        }
        machine.put("loadAfter", loadAverage());
        LoadReport report = new LoadReport(o, machine, merged, probe);
        report.write();
        return report;
    }

    private static String postgresVersion(LoadOptions o) {
        try (Connection c = DriverManager.getConnection(o.aUrl(), o.user(), o.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (A and B: two databases of one server)";
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach database A at " + o.aUrl() + ": " + e.getMessage(), e);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
