package io.dualaccess.benchmarks;

import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.shadow.ShadowReads;
import io.dualaccess.benchmarks.tpcc.ThreadCpu;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.ttddyy.dsproxy.listener.NoOpQueryExecutionListener;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Raw is measured twice. {@code raw} reads back to back, as before. {@code raw-paced} is paced
 * as {@code shadow-read} is: after each read a worker thread (a one-thread pool, handed the read as
 * the shadow workers are) runs the same read on a second H2 database holding the same rows (as the
 * replay on B does) and the application's thread waits for it with the same polling loop, so each
 * raw read too starts after the thread parked while another thread ran the query. The pacing
 * worker's own CPU is left out of {@code raw-paced}'s process figure (it stands for the replay,
 * which is dualaccess's cost, not raw's); its hand-off happens after the measured read, while
 * {@code shadow-read}'s hand-off happens inside it and stays counted. The pacer starts its read
 * 1 ms after the hand-off, as an idle shadow worker looks at its queue again only after such a
 * linger: in both modes the application's thread then sleeps about as long between reads.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.dualaccess.benchmarks.ShadowCostProbe pointSelect 20000 20000 [breakdown]</pre>
 * (workload, measured reads, warm-up reads per mode; {@code breakdown} adds {@code off} and
 * {@code shadow-read} with no read sampled, both back to back).
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

    /** How the application's thread is paced between reads. */
    enum Pacing {
        /** Back to back. */
        NONE,
        /** A worker runs the same read on a second database; the application's thread waits for it. */
        WORKER,
        /** The application's thread waits until dualaccess compared the read. */
        COMPARED
    }

    public static void main(String[] args) throws Exception {
        String workload = args.length > 0 ? args[0] : "pointSelect";
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        Map<String, Cost> costs = new LinkedHashMap<>();
        costs.put("raw", measure(Mode.RAW, Pacing.NONE, workload, warmup, ops));
        costs.put("raw-paced", measure(Mode.RAW, Pacing.WORKER, workload, warmup, ops));
        if (args.length > 3 && args[3].equals("breakdown")) {
            // Where the application thread's cost comes from: the proxy alone (off), and shadow-read
            // with no read sampled (the proxy and B's pairing, no capture, digest or hand-off).
            costs.put("off", measure(Mode.DUALACCESS_OFF, Pacing.NONE, workload, warmup, ops));
            costs.put("shadow-read, none sampled", measure(Mode.DUALACCESS_SHADOW_READ, Pacing.NONE, workload, warmup, ops,
                Map.of("dualaccess.shadow.sample-rate", "0")));
        }
        costs.put("shadow-read", measure(Mode.DUALACCESS_SHADOW_READ, Pacing.COMPARED, workload, warmup, ops));
        Cost raw = costs.get("raw");
        Cost paced = costs.get("raw-paced");
        System.out.println(String.format(Locale.ROOT, "| workload | mode | app-thread CPU ns/read | × raw | × raw-paced "
            + "| app-thread B/read | Δ B/row vs raw | process CPU ns/read | × raw | × raw-paced | compared | dropped |%n"
            + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"));
        for (Map.Entry<String, Cost> e : costs.entrySet()) {
            Cost c = e.getValue();
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %.0f | %+.1f | %.0f | %.2f | %.2f | %d | %d |",
                workload, e.getKey(), c.appCpuNanos(), c.appCpuNanos() / raw.appCpuNanos(), c.appCpuNanos() / paced.appCpuNanos(),
                c.appBytes(), (c.appBytes() - raw.appBytes()) / c.rows(), c.processCpuNanos(),
                c.processCpuNanos() / raw.processCpuNanos(), c.processCpuNanos() / paced.processCpuNanos(),
                c.compared(), c.dropped()));
        }
    }

    static Cost measure(Mode mode, Pacing pacing, String workload, int warmup, int ops) throws Exception {
        return measure(mode, pacing, workload, warmup, ops, Map.of());
    }

    static Cost measure(Mode mode, Pacing pacing, String workload, int warmup, int ops, Map<String, String> more)
            throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        // A budget no paced run reaches: every read is sampled.
        Map<String, String> settings = new LinkedHashMap<>(more);
        settings.put("dualaccess.shadow.budget", "64");
        try (Fixture f = Fixture.open(mode, new NoOpQueryExecutionListener(), settings);
             Pacer pacer = pacing == Pacing.WORKER ? new Pacer(workload) : null) {
            Cursor cursor = new Cursor();
            ShadowReads reads = null;
            if (pacing == Pacing.COMPARED) {
                try (Connection c = f.dataSource().getConnection()) {
                    reads = DualAccessRuntime.of(c).shadowReads();
                }
            }
            Counter[] compared = new Counter[1];
            long[] done = {0};
            run(f, workload, cursor, warmup, reads, pacer, registry, compared, done, null);
            long[] totals = new long[3];
            ThreadCpu.Snapshot threads0 = ThreadCpu.take();
            long wall0 = THREADS.getCurrentThreadCpuTime();
            long proc0 = OS.getProcessCpuTime();
            long pacer0 = pacer == null ? 0 : pacer.cpu();
            long compared0 = pacer == null ? done[0] : pacer.done();
            long rows = run(f, workload, cursor, ops, reads, pacer, registry, compared, done, totals);
            long proc1 = OS.getProcessCpuTime();
            long wall1 = THREADS.getCurrentThreadCpuTime();
            if (pacing == Pacing.COMPARED) {
                // Where the process's CPU per read goes (the application's thread, its waiting included, is in "other Java threads").
                StringBuilder line = new StringBuilder("threads, ns/read:");
                ThreadCpu.between(threads0, ThreadCpu.take()).forEach((group, nanos) -> {
                    if (nanos / ops > 0) {
                        line.append(' ').append(group).append('=').append(nanos / ops);
                    }
                });
                System.out.println(line);
            }
            long pacing1 = pacer == null ? 0 : pacer.cpu() - pacer0;
            // The application thread's CPU outside the reads is the probe's waiting: left out of the
            // process's, and so is the pacing worker's (it stands for the replay, which raw does not make).
            long waiting = (wall1 - wall0) - totals[0];
            return new Cost((double) totals[0] / ops, (double) totals[1] / ops, (double) (proc1 - proc0 - waiting - pacing1) / ops,
                (double) rows / ops, (pacer == null ? done[0] : pacer.done()) - compared0,
                reads == null ? 0 : reads.dropped());
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    /**
     * Paces raw reads as the shadow path paces compared ones: a one-thread pool, handed each read as
     * ShadowReads hands a replay to its workers, runs it on a second H2 database with the same rows.
     */
    private static final class Pacer implements AutoCloseable {
        private final Fixture b;
        private final String workload;
        private final ThreadPoolExecutor worker;
        private final AtomicLong done = new AtomicLong();
        private volatile long threadId = -1;
        /** The shadow workers' shortest linger (shadow.LingeringQueue.MIN_LINGER_MICROS). */
        private static final long LINGER_NANOS = 1_000_000;

        Pacer(String workload) throws SQLException {
            this.b = Fixture.open(Mode.RAW);
            this.workload = workload;
            this.worker = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
                Thread t = new Thread(r, "pacer");
                t.setDaemon(true);
                return t;
            });
        }

        /** Runs the read on B (the same id or range as the application's) and waits until it is done. */
        void pace(Cursor applications) {
            long before = done.get();
            int position = applications.position();
            worker.execute(() -> {
                threadId = Thread.currentThread().getId();
                // As an idle shadow worker looks at its queue again only after a linger (1 ms at the
                // shortest, shadow.LingeringQueue), the application's thread waits as long for the pacer.
                LockSupport.parkNanos(LINGER_NANOS);
                Cursor c = new Cursor();
                c.position(position);
                try {
                    readAsReplay(b, workload, c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                done.incrementAndGet();
            });
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (done.get() == before) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the pacing read did not finish within 5 s");
                }
                LockSupport.parkNanos(5_000);
            }
        }

        long cpu() {
            long id = threadId;
            return id < 0 ? 0 : THREADS.getThreadCpuTime(id);
        }

        long done() {
            return done.get();
        }

        @Override
        public void close() throws Exception {
            worker.shutdownNow();
            b.close();
        }
    }

    /** Runs {@code n} reads; with {@code totals}, sums the application thread's CPU [0] and bytes [1] inside them. */
    private static long run(Fixture f, String workload, Cursor cursor, int n, ShadowReads reads, Pacer pacer,
                            SimpleMeterRegistry registry, Counter[] compared, long[] done, long[] totals) throws SQLException {
        long rows = 0;
        long self = Thread.currentThread().getId();
        for (int i = 0; i < n; i++) {
            // The read's id or range is where the cursor stands before it: the pacer replays the same one.
            Cursor before = pacer == null ? null : cursor.copy();
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
            if (pacer != null) {
                pacer.pace(before);
            }
        }
        return rows;
    }

    /** Waits until one more read was compared (a match: A and B hold the same rows); ReplayCostProbe's too. */
    static void awaitCompared(SimpleMeterRegistry registry, Counter[] compared, long[] done) {
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
            bind(ps, range, cursor);
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

    /** The read as a replay on B makes it: read-only transaction, every column with getObject, rolled back. */
    private static void readAsReplay(Fixture b, String workload, Cursor cursor) throws SQLException {
        boolean range = workload.equals("select1000Rows");
        try (Connection conn = b.dataSource().getConnection()) {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(range ? JdbcBenchmarks.RANGE_SELECT_SQL : JdbcBenchmarks.POINT_SELECT_SQL)) {
                bind(ps, range, cursor);
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            rs.getObject(i);
                        }
                    }
                }
            } finally {
                conn.rollback();
                conn.setAutoCommit(true);
            }
        }
    }

    private static void bind(PreparedStatement ps, boolean range, Cursor cursor) throws SQLException {
        if (range) {
            int from = cursor.nextRangeStart();
            ps.setInt(1, from);
            ps.setInt(2, from + Fixture.RANGE - 1);
        } else {
            ps.setInt(1, cursor.nextId());
        }
    }
}
