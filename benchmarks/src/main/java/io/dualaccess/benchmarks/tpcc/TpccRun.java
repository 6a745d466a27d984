package io.dualaccess.benchmarks.tpcc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.cli.report.LogFiles;
import io.dualaccess.runtime.DualAccessRuntime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The macro benchmark: a TPC-C-like mix on a few terminals against PostgreSQL A, directly and
 * through dualaccess in {@code off}, {@code dual-write} and {@code shadow}, B on a server of its
 * own; every mode once per round, even rounds in reverse order. Reports throughput and its ratio
 * to direct, p50/p99 latency, the client process's CPU per transaction (from {@code /proc}) and
 * its ratio to direct, B's server CPU per transaction, and the share of reads compared. Run it
 * with {@code benchmarks/tpcc.sh} ({@code --help} lists the options).
 */
public final class TpccRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TpccOptions o;
    private final String bUrl;
    private final SeparateServer bServer;

    private TpccRun(TpccOptions o, String bUrl, SeparateServer bServer) {
        this.o = o;
        this.bUrl = bUrl;
        this.bServer = bServer;
    }

    /** Command-line entry point. */
    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(TpccOptions.usage());
                return;
            }
        }
        TpccOptions options;
        try {
            options = TpccOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TpccRun: " + e.getMessage());
            System.exit(2);
            return;
        }
        String md = TpccReport.markdown(options, run(options));
        System.out.println(md);
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("tpcc-result.md"), md);
        System.err.println("TpccRun: results in " + options.out().toAbsolutePath().resolve("tpcc-result.md"));
    }

    /** Runs every round of every mode; the results merged over rounds, and each round's for the ratios. */
    static Map<TpccMode, List<TpccResult>> run(TpccOptions o) throws Exception {
        SeparateServer server = o.bUrl() == null ? SeparateServer.start(o.pgBin(), o.user(), o.password()) : null;
        try {
            TpccRun r = new TpccRun(o, server == null ? o.bUrl() : server.url(), server);
            Map<TpccMode, List<TpccResult>> results = new EnumMap<>(TpccMode.class);
            for (int round = 1; round <= o.rounds(); round++) {
                List<TpccMode> order = new ArrayList<>(o.modes());
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (TpccMode m : order) {
                    TpccResult res = r.runOnce(m, o.out().resolve("runs").resolve(round + "-" + m.label));
                    results.computeIfAbsent(m, k -> new ArrayList<>()).add(res);
                    System.err.printf(Locale.ROOT, "TpccRun: round %d/%d %-10s %7.1f tx/s  p50 %6.2f ms  p99 %7.2f ms  "
                            + "client CPU %6.0f µs/tx (shadow workers %4.0f)  B CPU %6.0f µs/tx  errors %d%s  log %.1f MB  warm-up %.0f s  load %s%n",
                        round, o.rounds(), m,
                        res.throughput(), res.latencies.getValueAtPercentile(50) / 1e6,
                        res.latencies.getValueAtPercentile(99) / 1e6, res.clientCpuMicrosPerTx(),
                        res.transactions == 0 ? Double.NaN : res.shadowWorkerCpuNanos() / 1e3 / res.transactions, res.bCpuMicrosPerTx(),
                        res.errors, res.errorSample == null ? "" : " (" + res.errorSample + ")", res.logBytes / 1e6,
                        res.warmupNanos / 1e9, loadAverage());
                }
            }
            return results;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private TpccResult runOnce(TpccMode mode, Path dir) throws Exception {
        TpccSchema.reset(o.aUrl(), o.user(), o.password(), o.warehouses());
        if (mode.usesB()) {
            TpccSchema.reset(bUrl, o.user(), o.password(), o.warehouses());
        }
        Files.createDirectories(dir);
        Path log = dir.resolve("comparisons.jsonl");
        for (Path f : LogFiles.withRolled(log)) {
            Files.delete(f);
        }
        TpccResult result = new TpccResult(mode);
        DualAccessRuntime runtime = null;
        HikariDataSource ds = new HikariDataSource(poolConfig(mode, log, dir.resolve("journal.jsonl")));
        HikariDataSource hand = mode == TpccMode.BY_HAND ? HandMirror.pool(bUrl, o.user(), o.password(), 10) : null;
        try {
            if (mode.phase != null) {
                runtime = runtimeOf(ds);
            }
            measure(ds, hand, result);
            if (runtime != null && runtime.shadowReads() != null) {
                result.droppedCounter = runtime.shadowReads().dropped();
            }
        } finally {
            ds.close();
            if (hand != null) {
                hand.close();
            }
            if (runtime != null) {
                runtime.close(); // flushes the comparison log
            }
        }
        if (Files.exists(log)) {
            readComparisonLog(log, result);
            // A run that found mismatches keeps its log, so the reads can be named afterwards.
            if (result.reads("read/mismatch") > 0) {
                System.err.printf(Locale.ROOT, "TpccRun: %s found %d mismatches; its comparison log is kept: %s%n",
                    mode, result.reads("read/mismatch"), log);
            } else if (!o.keepLogs()) {
                for (Path f : LogFiles.withRolled(log)) {
                    Files.delete(f);
                }
            }
        }
        Files.deleteIfExists(dir.resolve("journal.jsonl"));
        return result;
    }

    /**
     * Lets the terminals run for the warm-up, then on while the JIT still compiles (more than 1 % of
     * a core over the last 2 s), up to {@code --warmup-max}: the window then measures the steady state
     * a migration lives in for weeks, not a mode's first compilation (which a mode running first in
     * the JVM would pay more of). Answers the warm-up's length in nanoseconds.
     */
    private long warmUp() throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(o.warmup().toMillis());
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return System.nanoTime() - start;
        }
        long end = start + o.warmupMax().toNanos();
        long slice = JIT_SLICE.toMillis();
        while (System.nanoTime() + JIT_SLICE.toNanos() <= end) {
            long before = jit.getTotalCompilationTime();
            Thread.sleep(slice);
            if (jit.getTotalCompilationTime() - before < slice / 100) {
                break;
            }
        }
        return System.nanoTime() - start;
    }

    private static final Duration JIT_SLICE = Duration.ofSeconds(2);

    private volatile boolean stop;
    private volatile long measureFrom;

    private void measure(HikariDataSource ds, HikariDataSource hand, TpccResult result) throws InterruptedException {
        int n = o.terminals();
        TpccTerminal[] terminals = new TpccTerminal[n];
        TpccResult[] perThread = new TpccResult[n];
        Thread[] threads = new Thread[n];
        stop = false;
        measureFrom = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int t = i;
            terminals[t] = new TpccTerminal(ds, hand == null ? null : new HandMirror(hand), 1 + t % o.warehouses(),
                7919L * t + result.mode.ordinal());
            perThread[t] = new TpccResult(result.mode);
            threads[t] = new Thread(() -> {
                java.util.SplittableRandom mix = new java.util.SplittableRandom(31L * t);
                TpccResult mine = perThread[t];
                while (!stop) {
                    TpccTerminal.Tx tx = TpccTerminal.Tx.pick(mix.nextInt(100));
                    long t0 = System.nanoTime();
                    boolean failed = false;
                    try {
                        terminals[t].run(tx);
                    } catch (SQLException | RuntimeException e) {
                        failed = true;
                        if (mine.errorSample == null) {
                            mine.errorSample = tx + ": " + e;
                        }
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        if (failed) {
                            mine.errors++;
                        } else {
                            mine.transactions++;
                            mine.latencies.recordValue(Math.max(1_000, Math.min(t1 - t0, 600_000_000_000L)));
                        }
                    }
                }
            }, "tpcc-" + result.mode + "-" + t);
            threads[t].start();
        }
        result.warmupNanos = warmUp();
        ThreadCpu.Snapshot threads0 = ThreadCpu.take();
        long cpu0 = ProcessCpu.self();
        long b0 = bServer == null ? -1 : bServer.cpuNanos();
        long start = System.nanoTime();
        measureFrom = start;
        Thread.sleep(o.duration().toMillis());
        long end = System.nanoTime();
        long cpu1 = ProcessCpu.self();
        long b1 = bServer == null ? -1 : bServer.cpuNanos();
        ThreadCpu.Snapshot threads1 = ThreadCpu.take();
        stop = true;
        for (Thread t : threads) {
            t.join();
        }
        result.seconds = (end - start) / 1e9;
        result.clientCpuNanos = cpu1 - cpu0;
        result.threadCpuNanos.putAll(ThreadCpu.between(threads0, threads1));
        result.bCpuNanos = b0 < 0 || b1 < 0 ? -1 : b1 - b0;
        for (int i = 0; i < n; i++) {
            result.transactions += perThread[i].transactions;
            result.errors += perThread[i].errors;
            result.latencies.add(perThread[i].latencies);
            result.reads += terminals[i].reads;
            result.readsAfterWrite += terminals[i].readsAfterWrite;
            if (result.errorSample == null) {
                result.errorSample = perThread[i].errorSample;
            }
        }
    }

    /** The application's pool: A directly, or dualaccess configured through connection properties only. */
    private HikariConfig poolConfig(TpccMode mode, Path log, Path journal) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tpcc-" + mode);
        hc.setMaximumPoolSize(o.terminals());
        hc.setMinimumIdle(o.terminals());
        hc.setUsername(o.user());
        hc.setPassword(o.password());
        if (mode.phase == null) {
            hc.setJdbcUrl(o.aUrl());
            return hc;
        }
        hc.setJdbcUrl("jdbc:dualaccess:" + o.aUrl().substring("jdbc:".length()));
        hc.addDataSourceProperty("dualaccess.phase", mode.phase);
        hc.addDataSourceProperty("dualaccess.b.url", bUrl);
        hc.addDataSourceProperty("dualaccess.b.user", o.user());
        hc.addDataSourceProperty("dualaccess.b.password", o.password());
        hc.addDataSourceProperty("dualaccess.log.file", log.toString());
        hc.addDataSourceProperty("dualaccess.journal.file", journal.toString());
        // Its own control table, rebuilt with the tables: no phase row of an earlier run or another tool applies.
        hc.addDataSourceProperty("dualaccess.control.table", TpccSchema.CONTROL_TABLE);
        o.settings().forEach(hc::addDataSourceProperty);
        return hc;
    }

    private static DualAccessRuntime runtimeOf(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (!c.isWrapperFor(DualAccessRuntime.class)) {
                throw new IllegalStateException("the pool's connections are not dualaccess's: " + c.getClass());
            }
            return DualAccessRuntime.of(c);
        }
    }

    /**
     * Counts comparison events by kind, outcome and reason, in the log and the files it rolled over
     * into ({@code dualaccess.log.max-size}: {@code <file>.1}, ..., gzipped or not, found and opened as
     * {@code dualaccess report} does); an aggregated event ({@code dropped}, {@code match},
     * {@code skipped}) counts as its {@code count}.
     */
    static void readComparisonLog(Path log, TpccResult result) throws IOException {
        for (Path file : LogFiles.withRolled(log)) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(LogFiles.open(file), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode e = JSON.readTree(line);
                    String reason = e.path("reason").isTextual() ? "/" + e.path("reason").asText() : "";
                    long count = e.path("count").isNumber() ? e.path("count").asLong() : 1;
                    result.outcomes.merge(e.path("kind").asText() + "/" + e.path("outcome").asText() + reason, count, Long::sum);
                }
            }
            result.logBytes += Files.size(file);
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
