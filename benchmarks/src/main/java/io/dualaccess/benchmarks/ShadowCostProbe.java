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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
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
 * <p>Every mode's fixture is opened first and warmed up in {@value #WARM_ROUNDS} rounds, the modes
 * alternating; then each mode is measured once per round ({@code -Drounds=N}, default 5), again
 * alternating, each window at least {@code ops / rounds} reads and 2 s (the process's CPU clock
 * ticks every 10 ms), after a GC and a 1.2 s pause (idle shadow workers stop lingering). Each figure
 * is the median over the rounds, each ratio the median of the rounds' own ratios with their range,
 * and the process's CPU is shown with and without the JIT compiler threads'.
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
    record Cost(double appCpuNanos, double appBytes, double processCpuNanos, double processWithoutJitNanos, double rows, long ops) {
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

    /** Measured rounds ({@code -Drounds=N}): each mode is measured once per round, the modes one after another. */
    static final int ROUNDS = Integer.getInteger("rounds", 5);
    /**
     * The quiet kept before each measured window: an idle shadow worker keeps looking at its queue
     * for up to 1 s after its last replay (LingeringQueue), which would count in the next mode's window.
     */
    static final long SETTLE_MILLIS = 1_200;
    /** Rounds of warm-up, the modes alternating as in the measured rounds. */
    static final int WARM_ROUNDS = 3;
    /**
     * The shortest measured window: the process's CPU time and the JVM's own threads' come from the
     * kernel's 10 ms ticks, so a window of a few tens of milliseconds (a fast mode's few thousand
     * reads) would be off by tens of percent. A window runs on past its reads until this long.
     */
    static final long MIN_WINDOW_NANOS = 2_000_000_000L;

    public static void main(String[] args) throws Exception {
        String workload = args.length > 0 ? args[0] : "pointSelect";
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        List<Run> runs = new ArrayList<>();
        runs.add(new Run(workload, "raw", Mode.RAW, Pacing.NONE, Map.of()));
        runs.add(new Run(workload, "raw-paced", Mode.RAW, Pacing.WORKER, Map.of()));
        if (args.length > 3 && args[3].equals("breakdown")) {
            // Where the application thread's cost comes from: the proxy alone (off), and shadow-read
            // with no read sampled (the proxy and B's pairing, no capture, digest or hand-off).
            runs.add(new Run(workload, "off", Mode.DUALACCESS_OFF, Pacing.NONE, Map.of()));
            runs.add(new Run(workload, "shadow-read, none sampled", Mode.DUALACCESS_SHADOW_READ, Pacing.NONE,
                Map.of("dualaccess.shadow.sample-rate", "0")));
        }
        runs.add(new Run(workload, "shadow-read", Mode.DUALACCESS_SHADOW_READ, Pacing.COMPARED, Map.of()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            // Every mode is opened and warmed first, then measured in rounds, the modes one after
            // another in each round: the JIT's late compilations, the heap's growth and the machine's
            // load fall on every mode alike, and each round's ratios compare windows a few seconds apart.
            for (Run r : runs) {
                r.open(registry);
            }
            // Warmed up in the same alternation as measured: the JIT's deoptimizations and
            // recompilations when a shared call site starts seeing another mode's classes happen
            // here, not in a measured window.
            for (int round = 0; round < WARM_ROUNDS; round++) {
                for (Run r : runs) {
                    r.run(Math.max(1, warmup / WARM_ROUNDS), null);
                }
            }
            int perRound = Math.max(1, ops / ROUNDS);
            for (int round = 0; round < ROUNDS; round++) {
                for (Run r : runs) {
                    System.gc();
                    Thread.sleep(SETTLE_MILLIS);
                    r.measure(perRound);
                }
            }
        } finally {
            for (Run r : runs) {
                r.close();
            }
            Metrics.removeRegistry(registry);
        }
        print(workload, runs);
    }

    private static void print(String workload, List<Run> runs) {
        Run raw = runs.get(0);
        Run paced = runs.get(1);
        System.out.println(String.format(Locale.ROOT, "%d rounds per mode, each window at least %d reads and %d s; medians over the rounds, "
            + "each ratio the median of the rounds' own ratios (range in brackets)", ROUNDS, raw.rounds.get(0).ops() > 0 ? perRound(raw) : 0,
            MIN_WINDOW_NANOS / 1_000_000_000L));
        System.out.println(String.format(Locale.ROOT, "| workload | mode | app-thread CPU ns/read | × raw | × raw-paced "
            + "| app-thread B/read | Δ B/row vs raw | process CPU ns/read | × raw | × raw-paced | process w/o JIT × raw | compared | dropped |%n"
            + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"));
        for (Run r : runs) {
            Cost c = r.median();
            Cost rc = raw.median();
            System.out.println(String.format(Locale.ROOT,
                "| %s | %s | %.0f | %s | %s | %.0f | %+.1f | %.0f | %s | %s | %s | %d | %d |",
                workload, r.name, c.appCpuNanos(), ratio(r, raw, Cost::appCpuNanos), ratio(r, paced, Cost::appCpuNanos),
                c.appBytes(), (c.appBytes() - rc.appBytes()) / c.rows(), c.processCpuNanos(),
                ratio(r, raw, Cost::processCpuNanos), ratio(r, paced, Cost::processCpuNanos),
                ratio(r, raw, Cost::processWithoutJitNanos), r.compared(), r.dropped()));
        }
        for (Run r : runs) {
            StringBuilder line = new StringBuilder(r.name).append(", threads, ns/read over the rounds:");
            long ops = r.rounds.stream().mapToLong(Cost::ops).sum();
            r.groups.forEach((group, nanos) -> {
                if (nanos / ops > 0) {
                    line.append(' ').append(group).append('=').append(nanos / ops);
                }
            });
            System.out.println(line);
            StringBuilder rounds = new StringBuilder(r.name).append(", process ns/read per round:");
            for (Cost c : r.rounds) {
                rounds.append(' ').append(Math.round(c.processCpuNanos()));
            }
            System.out.println(rounds);
        }
    }

    private static long perRound(Run r) {
        return r.rounds.stream().mapToLong(Cost::ops).min().orElse(0);
    }

    /** The median of the rounds' own ratios of {@code run} to {@code base}, with their range. */
    private static String ratio(Run run, Run base, java.util.function.ToDoubleFunction<Cost> f) {
        double[] x = new double[run.rounds.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = f.applyAsDouble(run.rounds.get(i)) / f.applyAsDouble(base.rounds.get(i));
        }
        Arrays.sort(x);
        return String.format(Locale.ROOT, "%.2f [%.2f–%.2f]", median(x), x[0], x[x.length - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One mode of the probe: its fixture, kept open over the rounds, and what each round measured. */
    private static final class Run implements AutoCloseable {
        final String name;
        final Mode mode;
        final Pacing pacing;
        final Map<String, String> more;
        final String workload;
        final List<Cost> rounds = new ArrayList<>();
        /** CPU by thread group over every measured window. */
        final Map<String, Long> groups = new TreeMap<>();
        Fixture f;
        Pacer pacer;
        ShadowReads reads;
        final Cursor cursor = new Cursor();
        final Counter[] compared = new Counter[1];
        final long[] done = {0};
        SimpleMeterRegistry registry;
        long comparedTotal;

        Run(String workload, String name, Mode mode, Pacing pacing, Map<String, String> more) {
            this.workload = workload;
            this.name = name;
            this.mode = mode;
            this.pacing = pacing;
            this.more = more;
        }

        void open(SimpleMeterRegistry registry) throws Exception {
            this.registry = registry;
            // A budget no paced run reaches: every read is sampled.
            Map<String, String> settings = new LinkedHashMap<>(more);
            settings.put("dualaccess.shadow.budget", "64");
            f = Fixture.open(mode, new NoOpQueryExecutionListener(), settings);
            pacer = pacing == Pacing.WORKER ? new Pacer(workload) : null;
            if (pacing == Pacing.COMPARED) {
                try (Connection c = f.dataSource().getConnection()) {
                    reads = DualAccessRuntime.of(c).shadowReads();
                }
            }
        }

        long run(int n, long[] totals) throws SQLException {
            return ShadowCostProbe.run(f, workload, cursor, n, reads, pacer, registry, compared, done, totals);
        }

        void measure(int chunk) throws SQLException {
            long[] totals = new long[3];
            ThreadCpu.Snapshot threads0 = ThreadCpu.take();
            long wall0 = THREADS.getCurrentThreadCpuTime();
            long proc0 = OS.getProcessCpuTime();
            long pacer0 = pacer == null ? 0 : pacer.cpu();
            long compared0 = pacer == null ? done[0] : pacer.done();
            long began = System.nanoTime();
            long rows = run(chunk, totals);
            long ops = chunk;
            while (System.nanoTime() - began < MIN_WINDOW_NANOS) {
                rows += run(chunk, totals);
                ops += chunk;
            }
            long proc1 = OS.getProcessCpuTime();
            long wall1 = THREADS.getCurrentThreadCpuTime();
            Map<String, Long> byGroup = ThreadCpu.between(threads0, ThreadCpu.take());
            byGroup.forEach((g, nanos) -> groups.merge(g, nanos, Long::sum));
            long pacing1 = pacer == null ? 0 : pacer.cpu() - pacer0;
            // The application thread's CPU outside the reads is the probe's waiting: left out of the
            // process's, and so is the pacing worker's (it stands for the replay, which raw does not make).
            long waiting = (wall1 - wall0) - totals[0];
            long process = proc1 - proc0 - waiting - pacing1;
            long jit = byGroup.getOrDefault("JVM JIT", 0L);
            comparedTotal += (pacer == null ? done[0] : pacer.done()) - compared0;
            rounds.add(new Cost((double) totals[0] / ops, (double) totals[1] / ops, (double) process / ops,
                (double) (process - jit) / ops, (double) rows / ops, ops));
        }

        long compared() {
            return comparedTotal;
        }

        long dropped() {
            return reads == null ? 0 : reads.dropped();
        }

        /** Each figure's median over the rounds. */
        Cost median() {
            return new Cost(med(Cost::appCpuNanos), med(Cost::appBytes), med(Cost::processCpuNanos), med(Cost::processWithoutJitNanos),
                med(Cost::rows), rounds.get(0).ops());
        }

        private double med(java.util.function.ToDoubleFunction<Cost> f) {
            return ShadowCostProbe.median(rounds.stream().mapToDouble(f).sorted().toArray());
        }

        @Override
        public void close() throws Exception {
            if (pacer != null) {
                pacer.close();
            }
            if (f != null) {
                f.close();
            }
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
