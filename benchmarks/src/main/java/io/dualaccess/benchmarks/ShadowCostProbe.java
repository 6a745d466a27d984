package io.dualaccess.benchmarks;

import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.shadow.ShadowReads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.ttddyy.dsproxy.listener.NoOpQueryExecutionListener;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What one compared read costs, without the contention of a saturated shadow path: one thread runs
 * {@code pointSelect} or {@code select1000Rows} (the JMH workloads' SQL and reads) raw and in
 * {@code shadow-read}, and in {@code shadow-read} waits after each read until its replay on B was
 * compared, so every read is compared and the shadow workers never queue. Reports per read the
 * application thread's CPU time and allocated bytes (inside the read only) and the whole process's
 * CPU time (every thread: the replay, its digest and event included; the waiting left out), each
 * against raw.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.dualaccess.benchmarks.ShadowCostProbe pointSelect 20000 20000</pre>
 * (workload, measured reads, warm-up reads per mode).
 */
public final class ShadowCostProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ShadowCostProbe() {
    }

    /** Per read: the application thread's CPU and bytes, the process's CPU, and the rows read. */
    record Cost(double appCpuNanos, double appBytes, double processCpuNanos, double rows, long compared, long dropped) {
    }

    public static void main(String[] args) throws Exception {
        String workload = args.length > 0 ? args[0] : "pointSelect";
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        Cost raw = measure(Mode.RAW, workload, warmup, ops);
        Cost shadow = measure(Mode.DUALACCESS_SHADOW_READ, workload, warmup, ops);
        System.out.println(String.format(Locale.ROOT, "| workload | mode | app-thread CPU ns/read | × raw | app-thread B/read "
            + "| Δ B/row vs raw | process CPU ns/read | × raw | compared | dropped |%n| --- | --- | ---: | ---: | ---: | ---: | ---: "
            + "| ---: | ---: | ---: |"));
        for (Map.Entry<String, Cost> e : Map.of("raw", raw, "shadow-read", shadow).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            Cost c = e.getValue();
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.0f | %+.1f | %.0f | %.2f | %d | %d |",
                workload, e.getKey(), c.appCpuNanos(), c.appCpuNanos() / raw.appCpuNanos(), c.appBytes(),
                (c.appBytes() - raw.appBytes()) / c.rows(), c.processCpuNanos(), c.processCpuNanos() / raw.processCpuNanos(),
                c.compared(), c.dropped()));
        }
    }

    static Cost measure(Mode mode, String workload, int warmup, int ops) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        // A budget no paced run reaches: every read is sampled.
        try (Fixture f = Fixture.open(mode, new NoOpQueryExecutionListener(), Map.of("dualaccess.shadow.budget", "64"))) {
            Cursor cursor = new Cursor();
            ShadowReads reads = null;
            if (mode != Mode.RAW) {
                try (Connection c = f.dataSource().getConnection()) {
                    reads = DualAccessRuntime.of(c).shadowReads();
                }
            }
            Counter[] compared = new Counter[1];
            long[] done = {0};
            run(f, workload, cursor, warmup, reads, registry, compared, done, null);
            long[] totals = new long[3];
            long wall0 = THREADS.getCurrentThreadCpuTime();
            long proc0 = OS.getProcessCpuTime();
            long compared0 = done[0];
            long rows = run(f, workload, cursor, ops, reads, registry, compared, done, totals);
            long proc1 = OS.getProcessCpuTime();
            long wall1 = THREADS.getCurrentThreadCpuTime();
            // The application thread's CPU outside the reads is the probe's waiting: left out of the process's.
            long waiting = (wall1 - wall0) - totals[0];
            return new Cost((double) totals[0] / ops, (double) totals[1] / ops, (double) (proc1 - proc0 - waiting) / ops,
                (double) rows / ops, done[0] - compared0, reads == null ? 0 : reads.dropped());
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    /** Runs {@code n} reads; with {@code totals}, sums the application thread's CPU [0] and bytes [1] inside them. */
    private static long run(Fixture f, String workload, Cursor cursor, int n, ShadowReads reads, SimpleMeterRegistry registry,
                            Counter[] compared, long[] done, long[] totals) throws SQLException {
        long rows = 0;
        long self = Thread.currentThread().getId();
        for (int i = 0; i < n; i++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long bytes = THREADS.getThreadAllocatedBytes(self);
            rows += read(f, workload, cursor);
            if (totals != null) {
                totals[1] += THREADS.getThreadAllocatedBytes(self) - bytes;
                totals[0] += THREADS.getCurrentThreadCpuTime() - cpu;
            }
            if (reads != null) {
                awaitCompared(registry, compared, done);
            }
        }
        return rows;
    }

    /** Waits until one more read was compared (a match: A and B hold the same rows). */
    private static void awaitCompared(SimpleMeterRegistry registry, Counter[] compared, long[] done) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (compared[0] == null) {
                compared[0] = registry.find("dualaccess.comparisons").tag("kind", "read").tag("outcome", "match").counter();
            }
            if (compared[0] != null && (long) compared[0].count() > done[0]) {
                done[0] = (long) compared[0].count();
                return;
            }
            LockSupport.parkNanos(5_000);
        }
        throw new IllegalStateException("a read was not compared within 5 s (dropped or failed?)");
    }

    private static int read(Fixture f, String workload, Cursor cursor) throws SQLException {
        boolean range = workload.equals("select1000Rows");
        int rows = 0;
        try (Connection conn = f.dataSource().getConnection();
             PreparedStatement ps = conn.prepareStatement(range ? JdbcBenchmarks.RANGE_SELECT_SQL : JdbcBenchmarks.POINT_SELECT_SQL)) {
            if (range) {
                int from = cursor.nextRangeStart();
                ps.setInt(1, from);
                ps.setInt(2, from + Fixture.RANGE - 1);
            } else {
                ps.setInt(1, cursor.nextId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getInt(1);
                    rs.getInt(2);
                    rs.getString(3);
                    rs.getLong(4);
                    rs.getDouble(5);
                    rs.getTimestamp(6);
                    rows++;
                }
            }
        }
        return rows;
    }
}
