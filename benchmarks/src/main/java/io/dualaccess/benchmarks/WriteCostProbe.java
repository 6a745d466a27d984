package io.dualaccess.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import net.ttddyy.dsproxy.listener.NoOpQueryExecutionListener;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * What one mirrored write costs the application's thread: one thread runs JMH's {@code insert}
 * workload (borrow, prepare, bind four values, {@code executeUpdate}, close) raw, mirrored by hand
 * (plain JDBC in dualaccess's order, B's connection from a HikariCP pool of its own), and in
 * {@code dual-write}, and reports per insert the application thread's CPU time and allocated bytes
 * (JMH's {@code -prof gc} counts every thread, so it cannot tell work moved off the application's
 * thread, such as building the comparison event, from work removed). CPU time is disturbed by
 * other processes far less than wall time; allocated bytes not at all.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.dualaccess.benchmarks.WriteCostProbe 20000 20000</pre>
 * (measured inserts, warm-up inserts per mode). {@code dual-write − by hand} is dualaccess's own work
 * per write: what the two drivers and B's pool do for a mirrored write is in both.
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
        Cost byHand = measureByHand(warmup, ops);
        Cost dual = measure(Mode.DUALACCESS_DUAL_WRITE, warmup, ops);
        System.out.println("| mode | app-thread CPU ns/insert | app-thread B/insert |");
        System.out.println("| --- | ---: | ---: |");
        System.out.println(String.format(Locale.ROOT, "| raw | %.0f | %.0f |", raw.cpuNanos(), raw.bytes()));
        System.out.println(String.format(Locale.ROOT, "| by hand | %.0f | %.0f |", byHand.cpuNanos(), byHand.bytes()));
        System.out.println(String.format(Locale.ROOT, "| dual-write | %.0f | %.0f |", dual.cpuNanos(), dual.bytes()));
        System.out.println(String.format(Locale.ROOT, "| dual-write − raw | %+.0f | %+.0f |", dual.cpuNanos() - raw.cpuNanos(),
            dual.bytes() - raw.bytes()));
        System.out.println(String.format(Locale.ROOT, "| dual-write − by hand | %+.0f | %+.0f |", dual.cpuNanos() - byHand.cpuNanos(),
            dual.bytes() - byHand.bytes()));
    }

    /**
     * The same inserts mirrored with plain JDBC in dualaccess's order: A's insert in a short
     * transaction, B's connection from its own pool (READ COMMITTED, the statement timeout as a session
     * setting, as dualaccess's pool for B), B's insert, A's commit, B's commit, B's connection back.
     */
    static Cost measureByHand(int warmup, int ops) throws Exception {
        try (Fixture f = Fixture.open(Mode.RAW, new NoOpQueryExecutionListener(), Map.of());
             HikariDataSource b = byHandB()) {
            run(f, b, warmup, null);
            long[] totals = new long[2];
            run(f, b, ops, totals);
            return new Cost((double) totals[0] / ops, (double) totals[1] / ops);
        }
    }

    private static HikariDataSource byHandB() throws SQLException {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("bench-by-hand-b");
        hc.setJdbcUrl("jdbc:h2:mem:bench_by_hand_b;DB_CLOSE_DELAY=-1");
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(0);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hc.setConnectionInitSql("SET QUERY_TIMEOUT 5000");
        HikariDataSource ds = new HikariDataSource(hc);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS event (id BIGINT PRIMARY KEY, item_id INT NOT NULL, kind VARCHAR(16) NOT NULL,"
                + " amount BIGINT NOT NULL)");
        }
        return ds;
    }

    static Cost measure(Mode mode, int warmup, int ops) throws Exception {
        try (Fixture f = Fixture.open(mode, new NoOpQueryExecutionListener(), Map.of())) {
            run(f, warmup, null);
            long[] totals = new long[2];
            run(f, ops, totals);
            return new Cost((double) totals[0] / ops, (double) totals[1] / ops);
        }
    }

    /** As {@link #run(Fixture, int, long[])}, each insert mirrored by hand to {@code b}. */
    private static void run(Fixture f, HikariDataSource b, int n, long[] totals) throws SQLException {
        long self = Thread.currentThread().getId();
        Cursor cursor = new Cursor();
        for (int i = 0; i < n; i++) {
            long id = f.nextEventIds(1);
            if (id > 0 && id % Fixture.EVENT_WINDOW == 0) {
                // The fixture emptied A's table (a new window of ids): B's too, outside the measured insert.
                try (Connection c = b.getConnection(); Statement s = c.createStatement()) {
                    s.execute("TRUNCATE TABLE event");
                }
            }
            long cpu = THREADS.getCurrentThreadCpuTime();
            long bytes = THREADS.getThreadAllocatedBytes(self);
            try (Connection conn = f.dataSource().getConnection();
                 PreparedStatement ps = conn.prepareStatement(JdbcBenchmarks.INSERT_SQL)) {
                int item = cursor.nextId();
                bindInsert(ps, id, item);
                conn.setAutoCommit(false);
                ps.executeUpdate();
                Connection bc = b.getConnection();
                try {
                    bc.setAutoCommit(false);
                    try (PreparedStatement bps = bc.prepareStatement(JdbcBenchmarks.INSERT_SQL)) {
                        bindInsert(bps, id, item);
                        bps.executeUpdate();
                    }
                    conn.commit();
                    conn.setAutoCommit(true);
                    bc.commit();
                } finally {
                    bc.close();
                }
            }
            if (totals != null) {
                totals[1] += THREADS.getThreadAllocatedBytes(self) - bytes;
                totals[0] += THREADS.getCurrentThreadCpuTime() - cpu;
            }
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
                bindInsert(ps, id, item);
                ps.executeUpdate();
            }
            if (totals != null) {
                totals[1] += THREADS.getThreadAllocatedBytes(self) - bytes;
                totals[0] += THREADS.getCurrentThreadCpuTime() - cpu;
            }
        }
    }

    /** The one INSERT every mode runs, bound the same way on each side. */
    private static void bindInsert(PreparedStatement ps, long id, int item) throws SQLException {
        ps.setLong(1, id);
        ps.setInt(2, item);
        ps.setString(3, "deposit");
        ps.setLong(4, item * 3L);
    }
}
