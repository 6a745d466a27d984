package io.dualaccess.benchmarks;

import net.ttddyy.dsproxy.listener.NoOpQueryExecutionListener;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * What one mirrored write costs the application's thread: one thread runs JMH's {@code insert}
 * workload (borrow, prepare, bind four values, {@code executeUpdate}, close) raw and in
 * {@code dual-write}, and reports per insert the application thread's CPU time and allocated bytes
 * (JMH's {@code -prof gc} counts every thread, so it cannot tell work moved off the application's
 * thread, such as building the comparison event, from work removed). CPU time is disturbed by
 * other processes far less than wall time; allocated bytes not at all.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.dualaccess.benchmarks.WriteCostProbe 20000 20000</pre>
 * (measured inserts, warm-up inserts per mode).
 */
public final class WriteCostProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private WriteCostProbe() {
    }

    /** Per insert: the application thread's CPU nanoseconds and allocated bytes. */
    record Cost(double cpuNanos, double bytes) {
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Cost raw = measure(Mode.RAW, warmup, ops);
        Cost dual = measure(Mode.DUALACCESS_DUAL_WRITE, warmup, ops);
        System.out.println("| mode | app-thread CPU ns/insert | app-thread B/insert |");
        System.out.println("| --- | ---: | ---: |");
        System.out.println(String.format(Locale.ROOT, "| raw | %.0f | %.0f |", raw.cpuNanos(), raw.bytes()));
        System.out.println(String.format(Locale.ROOT, "| dual-write | %.0f | %.0f |", dual.cpuNanos(), dual.bytes()));
        System.out.println(String.format(Locale.ROOT, "| dual-write − raw | %+.0f | %+.0f |", dual.cpuNanos() - raw.cpuNanos(),
            dual.bytes() - raw.bytes()));
    }

    static Cost measure(Mode mode, int warmup, int ops) throws Exception {
        try (Fixture f = Fixture.open(mode, new NoOpQueryExecutionListener(), Map.of())) {
            run(f, warmup, null);
            long[] totals = new long[2];
            run(f, ops, totals);
            return new Cost((double) totals[0] / ops, (double) totals[1] / ops);
        }
    }

    /** Runs {@code n} inserts; with {@code totals}, sums the application thread's CPU [0] and bytes [1] inside them. */
    private static void run(Fixture f, int n, long[] totals) throws SQLException {
        long self = Thread.currentThread().getId();
        Cursor cursor = new Cursor();
        for (int i = 0; i < n; i++) {
            // The id is taken outside the measured insert, as in any mode.
            long id = f.nextEventIds(1);
            long cpu = THREADS.getCurrentThreadCpuTime();
            long bytes = THREADS.getThreadAllocatedBytes(self);
            try (Connection conn = f.dataSource().getConnection();
                 PreparedStatement ps = conn.prepareStatement(JdbcBenchmarks.INSERT_SQL)) {
                int item = cursor.nextId();
                ps.setLong(1, id);
                ps.setInt(2, item);
                ps.setString(3, "deposit");
                ps.setLong(4, item * 3L);
                ps.executeUpdate();
            }
            if (totals != null) {
                totals[1] += THREADS.getThreadAllocatedBytes(self) - bytes;
                totals[0] += THREADS.getCurrentThreadCpuTime() - cpu;
            }
        }
    }
}
