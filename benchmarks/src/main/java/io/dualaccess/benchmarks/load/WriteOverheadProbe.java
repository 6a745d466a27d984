package io.dualaccess.benchmarks.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.benchmarks.load.Workload.Op;
import io.dualaccess.runtime.DualAccessRuntime;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one mirrored write costs beyond the mirror's own execution on B. Single-threaded, so the
 * numbers are not mixed with queueing behind other threads: the two writes of the workload, each
 * run in blocks as
 * <ul>
 *   <li>{@link Variant#RAW}: the application's write on A alone;</li>
 *   <li>{@link Variant#BY_HAND}: the same write mirrored by hand with plain JDBC, in exactly the
 *       order dualaccess uses (A's statement, B's statement with A's key, A's commit, B's commit;
 *       an autocommit insert therefore as a short transaction on both sides), B's connection from
 *       a HikariCP pool as dualaccess takes it;</li>
 *   <li>{@link Variant#DUAL_WRITE}: the application's write through {@code jdbc:dualaccess:} in
 *       {@code dual-write}.</li>
 * </ul>
 * By hand − raw is the mirror's own cost (B's round trips and the extra commit); dual-write − by
 * hand is dualaccess's own work per write. Blocks alternate in order from round to round.
 *
 * <p>Every connection of every variant goes through a {@link VendorTimer}, so each write is also
 * split into A's vendor execution, B's vendor execution (statements, commits and rollbacks as the
 * vendor drivers run them) and the rest of the time on the application's thread: the client's own
 * work. Dual-write's client work minus by hand's is dualaccess's own work, free of the databases'
 * variance.
 */
final class WriteOverheadProbe {

    /** How the write reaches the databases. */
    enum Variant {
        RAW("raw (A only)"),
        BY_HAND("mirrored by hand (plain JDBC, A then B)"),
        DUAL_WRITE("dualaccess dual-write");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    static final List<Op> WRITES = List.of(Op.INSERT, Op.UPDATE_IN_TX);

    private static final String MIRROR_INSERT_SQL =
        "INSERT INTO load_item (grp, name, amount, updated, id) OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, ?, ?)";
    private static final long EPOCH_MILLIS = 1_704_067_200_000L;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** What the probe measured. */
    static final class Result {
        final Map<Variant, Map<Op, Histogram>> latencies = new EnumMap<>(Variant.class);
        /** CPU time of the application's thread per (variant, op): {total ns, writes}. */
        final Map<Variant, Map<Op, long[]>> cpu = new EnumMap<>(Variant.class);
        /** Per op: the median of dual-write minus the median by hand, per round, in ns. */
        final Map<Op, List<Long>> workByRound = new EnumMap<>(Op.class);
        /** Per op: the median by hand minus the median raw, per round, in ns. */
        final Map<Op, List<Long>> mirrorByRound = new EnumMap<>(Op.class);
        /** Per (variant, op): A's vendor execution, B's, and the rest of the write (the client's work), ns. */
        final Map<Variant, Map<Op, Split>> split = new EnumMap<>(Variant.class);
        /** b.ms of dualaccess's mirrored writes, from its comparison log. */
        final ScenarioResult dualWriteLog = new ScenarioResult(Scenario.of("dual-write", Scenario.BHealth.HEALTHY));
        final java.util.concurrent.atomic.AtomicLong breakerOpens = new java.util.concurrent.atomic.AtomicLong();
        int rounds;
        int opsPerBlock;

        Result() {
            for (Variant v : Variant.values()) {
                Map<Op, Histogram> m = new EnumMap<>(Op.class);
                Map<Op, long[]> c = new EnumMap<>(Op.class);
                for (Op op : WRITES) {
                    m.put(op, Latencies.histogram());
                    c.put(op, new long[2]);
                }
                latencies.put(v, m);
                cpu.put(v, c);
                Map<Op, Split> sp = new EnumMap<>(Op.class);
                for (Op op : WRITES) {
                    sp.put(op, new Split());
                }
                split.put(v, sp);
            }
            for (Op op : WRITES) {
                workByRound.put(op, new ArrayList<>());
                mirrorByRound.put(op, new ArrayList<>());
            }
        }

        /** dualaccess's own work per write: dual-write's client work minus by hand's, at a percentile, in µs. */
        double workMicros(Op op, double percentile) {
            return (split.get(Variant.DUAL_WRITE).get(op).client.getValueAtPercentile(percentile)
                - split.get(Variant.BY_HAND).get(op).client.getValueAtPercentile(percentile)) / 1e3;
        }

        /** Mean CPU time of the application's thread per write, in microseconds. */
        double cpuMicros(Variant v, Op op) {
            long[] c = cpu.get(v).get(op);
            return c[1] == 0 ? Double.NaN : c[0] / 1e3 / c[1];
        }
    }

    /** One write split into where its time went, in nanoseconds (1 ns resolution, 3 digits). */
    static final class Split {
        final Histogram a = new Histogram(1, 600_000_000_000L, 3);
        final Histogram b = new Histogram(1, 600_000_000_000L, 3);
        final Histogram client = new Histogram(1, 600_000_000_000L, 3);

        void record(long total, long aNanos, long bNanos) {
            a.recordValue(Math.max(1, aNanos));
            b.recordValue(Math.max(1, bNanos));
            client.recordValue(Math.max(1, total - aNanos - bNanos));
        }
    }

    private WriteOverheadProbe() {
    }

    static Result run(LoadOptions o, Path dir) throws Exception {
        LoadSchema.reset(o.aUrl(), o.user(), o.password(), o.rows());
        LoadSchema.reset(o.bUrl(), o.user(), o.password(), o.rows());
        Files.createDirectories(dir);
        Path log = dir.resolve("comparisons.jsonl");
        Path journal = dir.resolve("journal.jsonl");
        Files.deleteIfExists(log);
        Files.deleteIfExists(journal);
        Result result = new Result();
        result.opsPerBlock = o.probeOps();
        Scenario dualWrite = Scenario.of("dual-write", Scenario.BHealth.HEALTHY);
        VendorTimer timer = VendorTimer.register(o.aUrl(), o.bUrl());
        HikariConfig dualConfig = ScenarioRun.poolConfig(o, dualWrite, VendorTimer.timed(o.bUrl()), log, journal, 1);
        dualConfig.setPoolName("load-probe-dual-write");
        dualConfig.setJdbcUrl("jdbc:dualaccess:" + VendorTimer.timed(o.aUrl()).substring("jdbc:".length()));
        DualAccessRuntime runtime = null;
        try (HikariDataSource a = plainPool(o, VendorTimer.timed(o.aUrl()), "load-probe-a");
             HikariDataSource b = plainPool(o, VendorTimer.timed(o.bUrl()), "load-probe-b");
             HikariDataSource dual = new HikariDataSource(dualConfig)) {
            runtime = ScenarioRun.runtimeOf(dual);
            runtime.mirror().guard().onTransition(t -> {
                if (t.getToState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
                    result.breakerOpens.incrementAndGet();
                }
            });
            Workload w = new Workload(o.rows());
            SplittableRandom rnd = new SplittableRandom(42);
            // Round 0 warms up every path and is not recorded.
            for (int round = 0; round <= o.probeRounds(); round++) {
                Variant[] order = Variant.values();
                if (round % 2 == 1) {
                    order = new Variant[] {Variant.DUAL_WRITE, Variant.BY_HAND, Variant.RAW};
                }
                Map<Variant, Map<Op, Histogram>> thisRound = new EnumMap<>(Variant.class);
                for (Variant v : order) {
                    Map<Op, Histogram> m = new EnumMap<>(Op.class);
                    for (Op op : WRITES) {
                        Histogram h = Latencies.histogram();
                        long cpu0 = THREADS.getCurrentThreadCpuTime();
                        // The warm-up round is longer: until the JIT has compiled dualaccess's write path,
                        // its cost is the interpreter's.
                        int ops = round == 0 ? o.probeWarmup() : o.probeOps();
                        Split split = round == 0 ? new Split() : result.split.get(v).get(op);
                        for (int i = 0; i < ops; i++) {
                            long a0 = timer.aNanos();
                            long b0 = timer.bNanos();
                            long t0 = System.nanoTime();
                            switch (v) {
                                case RAW, DUAL_WRITE -> w.run(op, v == Variant.RAW ? a : dual, rnd);
                                case BY_HAND -> byHand(op, a, b, rnd, o.rows());
                                default -> throw new IllegalStateException(v.name());
                            }
                            long total = System.nanoTime() - t0;
                            h.recordValue(Math.max(1_000, total));
                            split.record(total, timer.aNanos() - a0, timer.bNanos() - b0);
                        }
                        if (round > 0) {
                            long[] c = result.cpu.get(v).get(op);
                            c[0] += THREADS.getCurrentThreadCpuTime() - cpu0;
                            c[1] += o.probeOps();
                        }
                        m.put(op, h);
                    }
                    thisRound.put(v, m);
                }
                if (round == 0) {
                    continue;
                }
                result.rounds++;
                for (Op op : WRITES) {
                    long raw = thisRound.get(Variant.RAW).get(op).getValueAtPercentile(50);
                    long hand = thisRound.get(Variant.BY_HAND).get(op).getValueAtPercentile(50);
                    long dw = thisRound.get(Variant.DUAL_WRITE).get(op).getValueAtPercentile(50);
                    result.workByRound.get(op).add(dw - hand);
                    result.mirrorByRound.get(op).add(hand - raw);
                    for (Variant v : Variant.values()) {
                        result.latencies.get(v).get(op).add(thisRound.get(v).get(op));
                    }
                }
            }
        } finally {
            if (runtime != null) {
                runtime.close();
            }
            timer.deregister();
        }
        if (Files.exists(log)) {
            ScenarioRun.readComparisonLog(log, result.dualWriteLog);
            if (!o.keepLogs()) {
                Files.delete(log);
            }
        }
        if (!o.keepLogs()) {
            Files.deleteIfExists(journal);
        }
        return result;
    }

    /** The write mirrored with plain JDBC, in dualaccess's order. */
    private static void byHand(Op op, HikariDataSource aPool, HikariDataSource bPool, SplittableRandom rnd, int rows)
            throws SQLException {
        try (Connection a = aPool.getConnection()) {
            a.setAutoCommit(false);
            try {
                if (op == Op.INSERT) {
                    int grp = rnd.nextInt(100);
                    int seconds = rnd.nextInt(1_000_000);
                    Timestamp ts = new Timestamp(EPOCH_MILLIS + seconds * 1000L);
                    long key;
                    try (PreparedStatement ps = a.prepareStatement(Workload.INSERT_SQL, Statement.RETURN_GENERATED_KEYS)) {
                        ps.setInt(1, grp);
                        ps.setString(2, "load-" + seconds);
                        ps.setLong(3, seconds % 1000);
                        ps.setTimestamp(4, ts);
                        ps.executeUpdate();
                        try (ResultSet keys = ps.getGeneratedKeys()) {
                            keys.next();
                            key = keys.getLong(1);
                        }
                    }
                    try (Connection b = bPool.getConnection()) {
                        b.setAutoCommit(false);
                        try (PreparedStatement ps = b.prepareStatement(MIRROR_INSERT_SQL)) {
                            ps.setInt(1, grp);
                            ps.setString(2, "load-" + seconds);
                            ps.setLong(3, seconds % 1000);
                            ps.setTimestamp(4, ts);
                            ps.setLong(5, key);
                            ps.executeUpdate();
                        }
                        a.commit();
                        b.commit();
                    }
                } else {
                    long id = 1 + rnd.nextInt(rows);
                    Timestamp ts = new Timestamp(EPOCH_MILLIS + rnd.nextInt(1_000_000) * 1000L);
                    try (PreparedStatement ps = a.prepareStatement(Workload.UPDATE_SQL)) {
                        ps.setTimestamp(1, ts);
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                    try (Connection b = bPool.getConnection()) {
                        b.setAutoCommit(false);
                        try (PreparedStatement ps = b.prepareStatement(Workload.UPDATE_SQL)) {
                            ps.setTimestamp(1, ts);
                            ps.setLong(2, id);
                            ps.executeUpdate();
                        }
                        a.commit();
                        b.commit();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                a.rollback();
                throw e;
            } finally {
                a.setAutoCommit(true);
            }
        }
    }

    private static HikariDataSource plainPool(LoadOptions o, String url, String name) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(url);
        hc.setUsername(o.user());
        hc.setPassword(o.password());
        hc.setMaximumPoolSize(1);
        hc.setMinimumIdle(1);
        return new HikariDataSource(hc);
    }
}
