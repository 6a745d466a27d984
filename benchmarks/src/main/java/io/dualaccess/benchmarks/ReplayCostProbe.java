package io.dualaccess.benchmarks;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.postgresql.ds.PGSimpleDataSource;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the shadow workers spend per compared read when B is a PostgreSQL server: one application
 * thread runs a point select through dualaccess in {@code shadow-read} against PostgreSQL A and
 * waits after each read until its replay on PostgreSQL B was compared, so every read is compared
 * and the workers never queue. Reports per read the shadow workers' CPU (the threads
 * {@code dualaccess-shadow-N}: hand-off, the replay on B's pool with its round trips, digest,
 * comparison, event), the application thread's CPU inside the read, and raw JDBC's CPU for the
 * same read on A for scale. Tables {@code rcp_items} are made in both databases.
 *
 * <pre>java -cp benchmarks.jar io.dualaccess.benchmarks.ReplayCostProbe A_URL B_URL USER PASSWORD [reads] [warm-up reads]</pre>
 */
public final class ReplayCostProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Pattern WORKERS = Pattern.compile("dualaccess-shadow-\\d+");
    private static final int ROWS = 1000;

    private ReplayCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        String aUrl = args[0];
        String bUrl = args[1];
        String user = args[2];
        String password = args[3];
        int reads = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        for (String url : new String[] {aUrl, bUrl}) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("drop table if exists rcp_items");
                s.execute("create table rcp_items (id int primary key, name varchar(40), price numeric(10,2), stock int)");
                s.execute("insert into rcp_items select g, 'item ' || g, g * 1.25, g % 97 from generate_series(1, " + ROWS + ") g");
            }
        }
        PGSimpleDataSource a = new PGSimpleDataSource();
        a.setURL(aUrl);
        a.setUser(user);
        a.setPassword(password);

        double raw;
        try (Connection c = a.getConnection()) {
            read(c, warmup);
            long cpu = THREADS.getCurrentThreadCpuTime();
            read(c, reads);
            raw = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / reads;
        }

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a)
                .b(bUrl, user, password)
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.shadow.budget", "64")
                .set("dualaccess.log.file", System.getProperty("java.io.tmpdir") + "/replay-cost-probe.jsonl")
                .build();
             Connection c = ds.getConnection()) {
            long[] done = {0};
            Counter[] compared = new Counter[1];
            paced(c, warmup, registry, compared, done, null);
            long workers0 = workersCpu();
            long[] app = {0};
            paced(c, reads, registry, compared, done, app);
            long workers = workersCpu() - workers0;
            System.out.printf(Locale.ROOT, "ReplayCostProbe: %d compared point selects (A and B PostgreSQL): shadow workers %.1f µs"
                    + " CPU per compared read; application thread %.1f µs per read (raw JDBC on A %.1f µs)%n",
                reads, workers / 1e3 / reads, app[0] / 1e3 / reads, raw);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    private static void read(Connection c, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id, name, price, stock from rcp_items where id = ?")) {
            for (int i = 0; i < n; i++) {
                one(ps, i);
            }
        }
    }

    private static void one(PreparedStatement ps, int i) throws SQLException {
        ps.setInt(1, 1 + i % ROWS);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getInt(1);
                rs.getString(2);
                rs.getBigDecimal(3);
                rs.getInt(4);
            }
        }
    }

    /** Reads one at a time, each waited for until compared; {@code app[0]} sums the application thread's CPU inside the reads. */
    private static void paced(Connection c, int n, SimpleMeterRegistry registry, Counter[] compared, long[] done, long[] app)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id, name, price, stock from rcp_items where id = ?")) {
            for (int i = 0; i < n; i++) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                one(ps, i);
                if (app != null) {
                    app[0] += THREADS.getCurrentThreadCpuTime() - cpu;
                }
                ShadowCostProbe.awaitCompared(registry, compared, done);
            }
        }
    }

    private static long workersCpu() {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (WORKERS.matcher(t.getName()).matches()) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }
}
