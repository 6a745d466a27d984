package io.dualaccess.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.benchmarks.load.Workload.Op;
import io.dualaccess.mirror.Mirror;
import io.dualaccess.runtime.DualAccessRuntime;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one scenario once: fresh tables on A and B, an application pool (HikariCP, one connection
 * per thread) whose {@code jdbcUrl} is A's URL or {@code jdbc:dualaccess:} with the configuration
 * as connection properties, the workload on every thread through warm-up and the measured window,
 * and, in the sick-B scenarios, B falling sick behind the relay the moment measuring starts.
 */
final class ScenarioRun {

    private static final Pattern PG_URL = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?(/.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadOptions o;
    private final Scenario s;
    private final Path dir;

    private volatile boolean stop;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long settledFrom = Long.MAX_VALUE;
    private volatile long sickAt = Long.MAX_VALUE;
    private final AtomicLong opens = new AtomicLong();
    private final AtomicLong healthyOpens = new AtomicLong();
    private volatile long firstOpenAt = Long.MAX_VALUE;
    private volatile Mirror mirror;

    private ScenarioRun(LoadOptions o, Scenario s, Path dir) {
        this.o = o;
        this.s = s;
        this.dir = dir;
    }

    /** Runs {@code s} once; its comparison log and journal go under {@code dir}. */
    static ScenarioResult run(LoadOptions o, Scenario s, Path dir) throws Exception {
        return new ScenarioRun(o, s, dir).run();
    }

    private ScenarioResult run() throws Exception {
        LoadSchema.reset(o.aUrl(), o.user(), o.password(), o.rows());
        LoadSchema.reset(o.bUrl(), o.user(), o.password(), o.rows());
        Files.createDirectories(dir);
        Path log = dir.resolve("comparisons.jsonl");
        Path journal = dir.resolve("journal.jsonl");
        Files.deleteIfExists(log);
        Files.deleteIfExists(journal);

        ScenarioResult result = new ScenarioResult(s);
        TcpRelay relay = null;
        HikariDataSource ds = null;
        DualAccessRuntime runtime = null;
        try {
            String bUrl = o.bUrl();
            if (s.sick()) {
                relay = relayTo(o.bUrl());
                bUrl = viaRelay(o.bUrl(), relay.port());
            }
            ds = new HikariDataSource(poolConfig(o, s, bUrl, log, journal, o.threads()));
            if (s.dualaccess()) {
                runtime = runtimeOf(ds);
                watchBreaker(runtime.mirror());
            }
            runThreads(ds, relay, result);
            if (runtime != null && runtime.shadowReads() != null) {
                result.shadowDropped = runtime.shadowReads().dropped();
            }
        } finally {
            if (ds != null) {
                ds.close();
            }
            if (runtime != null) {
                runtime.close(); // flushes the comparison log
            }
            if (relay != null) {
                relay.close();
            }
        }
        if (Files.exists(log)) {
            readComparisonLog(log, result);
            if (!o.keepLogs()) {
                Files.delete(log); // shadow reads log every read: hundreds of MB over a full run
            }
        }
        if (!o.keepLogs()) {
            Files.deleteIfExists(journal); // a sick B journals every write
        }
        result.rounds = 1;
        return result;
    }

    private void runThreads(HikariDataSource ds, TcpRelay relay, ScenarioResult result) throws InterruptedException {
        int n = o.threads();
        Latencies[] latencies = new Latencies[n];
        long[] ops = new long[n];
        long[] settledOps = new long[n];
        long[] errors = new long[n];
        long[] warmupErrors = new long[n];
        List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int t = i;
            latencies[t] = new Latencies();
            threads[t] = new Thread(() -> {
                Workload w = new Workload(o.rows());
                SplittableRandom rnd = new SplittableRandom(31L * t + s.name().hashCode());
                Latencies lat = latencies[t];
                while (!stop) {
                    Op op = Op.pick(rnd.nextInt(100));
                    long t0 = System.nanoTime();
                    boolean failed = false;
                    try {
                        w.run(op, ds, rnd);
                    } catch (SQLException | RuntimeException e) {
                        failed = true;
                        if (samples.size() < 5) {
                            samples.add(op.label + ": " + e);
                        }
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        boolean settled = t0 >= settledFrom;
                        lat.record(op, t1 - t0, settled);
                        ops[t]++;
                        if (settled) {
                            settledOps[t]++;
                        }
                        if (failed) {
                            errors[t]++;
                        }
                    } else if (failed) {
                        warmupErrors[t]++;
                    }
                }
            }, "load-" + s.name() + "-" + t);
            threads[t].start();
        }
        Thread.sleep(o.warmup().toMillis());
        long start = System.nanoTime();
        if (relay != null) {
            if (s.b() == Scenario.BHealth.STOPPED) {
                relay.stop();
            } else {
                relay.delay(o.slow());
            }
        }
        if (s.sick() && mirror != null) {
            // The breaker meets B's sickness closed, whatever a slow moment of the warm-up did to it.
            mirror.breaker().reset();
        }
        sickAt = start;
        // With a breaker, "settled" starts when it opens (see watchBreaker); without one, after a fixed period.
        settledFrom = s.sick() && s.mirrorsToB() ? Long.MAX_VALUE : start + o.settle().toNanos();
        measureFrom = start;
        Thread.sleep(o.duration().toMillis());
        long end = System.nanoTime();
        stop = true;
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < n; i++) {
            result.latencies.add(latencies[i]);
            result.ops += ops[i];
            result.settledOps += settledOps[i];
            result.errors += errors[i];
            result.warmupErrors += warmupErrors[i];
        }
        result.errorSamples.addAll(samples);
        result.seconds = (end - start) / 1e9;
        long sf = settledFrom;
        result.settledSeconds = sf >= end ? 0 : (end - sf) / 1e9;
        result.breakerOpens = opens.get();
        result.healthyBreakerOpens = healthyOpens.get();
        if (firstOpenAt != Long.MAX_VALUE) {
            result.breakerOpenedAfterMs.add((firstOpenAt - start) / 1e6);
        }
    }

    private void watchBreaker(Mirror m) {
        if (m == null) {
            return;
        }
        mirror = m;
        // The breaker's own listener: a consumer on Resilience4j's publisher would make it build an event per call.
        m.guard().onTransition(t -> {
            if (t.getToState() != CircuitBreaker.State.OPEN) {
                return;
            }
            long now = System.nanoTime();
            if (now < sickAt || !s.sick()) {
                healthyOpens.incrementAndGet();
                return;
            }
            opens.incrementAndGet();
            synchronized (this) {
                if (firstOpenAt == Long.MAX_VALUE) {
                    firstOpenAt = now;
                    if (s.sick()) {
                        settledFrom = now;
                    }
                }
            }
        });
    }

    /** The application's pool: raw A, or dualaccess configured through connection properties only. */
    static HikariConfig poolConfig(LoadOptions o, Scenario s, String bUrl, Path log, Path journal, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("load-" + s.name().replace('/', '-'));
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(size);
        hc.setUsername(o.user());
        hc.setPassword(o.password());
        if (!s.dualaccess()) {
            hc.setJdbcUrl(o.aUrl());
            return hc;
        }
        hc.setJdbcUrl("jdbc:dualaccess:" + o.aUrl().substring("jdbc:".length()));
        hc.addDataSourceProperty("dualaccess.phase", s.phase());
        hc.addDataSourceProperty("dualaccess.b.url", bUrl);
        hc.addDataSourceProperty("dualaccess.b.user", o.user());
        hc.addDataSourceProperty("dualaccess.b.password", o.password());
        hc.addDataSourceProperty("dualaccess.b.statement-timeout", o.bTimeout());
        hc.addDataSourceProperty("dualaccess.breaker.open-duration", o.breakerOpen());
        hc.addDataSourceProperty("dualaccess.log.file", log.toString());
        // The load run reads each mirrored write's time on B from its own line (mirrorB): one line per
        // statement, not the aggregates of matches dualaccess.log.aggregate writes by default.
        hc.addDataSourceProperty("dualaccess.log.aggregate", "none");
        hc.addDataSourceProperty("dualaccess.journal.file", journal.toString());
        // Its own control table, rebuilt empty with the tables: a phase row another tool left in B's
        // default dualaccess_control would otherwise override the scenario's phase.
        hc.addDataSourceProperty("dualaccess.control.table", LoadSchema.CONTROL_TABLE);
        return hc;
    }

    /** The runtime behind a dualaccess pool (one per configuration; each scenario's log file makes it its own). */
    static DualAccessRuntime runtimeOf(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (!c.isWrapperFor(DualAccessRuntime.class)) {
                throw new IllegalStateException("the pool's connections are not dualaccess's: " + c.getClass());
            }
            return DualAccessRuntime.of(c);
        }
    }

    static TcpRelay relayTo(String pgUrl) throws IOException {
        Matcher m = matchPg(pgUrl);
        return new TcpRelay(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
    }

    /** B's URL with host and port replaced by the relay's. */
    static String viaRelay(String pgUrl, int port) {
        Matcher m = matchPg(pgUrl);
        return "jdbc:postgresql://127.0.0.1:" + port + (m.group(3) == null ? "/" : m.group(3));
    }

    private static Matcher matchPg(String url) {
        Matcher m = PG_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot put a relay in front of " + url + " (expected jdbc:postgresql://host:port/db)");
        }
        return m;
    }

    /** Counts comparison events by kind and outcome, and collects B's time of each matching mirrored write. */
    static void readComparisonLog(Path log, ScenarioResult result) throws IOException {
        // a and b name the databases, whichever side serves: the mirror is A in live.
        String mirrorSide = "live".equals(result.scenario.phase()) ? "a" : "b";
        try (BufferedReader r = Files.newBufferedReader(log)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                String kind = e.path("kind").asText();
                String outcome = e.path("outcome").asText();
                String reason = e.path("reason").isTextual() ? "/" + e.path("reason").asText() : "";
                // An aggregated event (dropped reads) stands for count statements.
                long count = e.path("count").isNumber() ? e.path("count").asLong() : 1;
                result.outcomes.merge(kind + "/" + outcome + reason, count, Long::sum);
                if ("write".equals(kind) && "match".equals(outcome)) {
                    double ms = e.path(mirrorSide).path("ms").asDouble(Double.NaN);
                    if (!Double.isNaN(ms)) {
                        long nanos = Math.max(1_000, Math.round(ms * 1e6));
                        result.mirrorB.recordValue(nanos);
                        String fp = e.path("fingerprint").asText();
                        Workload.Op op = fp.startsWith("insert") ? Workload.Op.INSERT
                            : fp.startsWith("update") ? Workload.Op.UPDATE_IN_TX : null;
                        if (op != null) {
                            result.mirrorBByOp.get(op).recordValue(nanos);
                        }
                    }
                }
            }
        }
    }
}
