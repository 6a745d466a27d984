package io.dualaccess.faults;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.repair.Repair;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TcpRelay;
import io.dualaccess.testing.TestDb;
import io.dualaccess.verify.Verify;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault-injection suite (Maven profile {@code faults}; not in the default suite): phase
 * {@code dual-write}, four application threads of mixed transactions, B behind a {@link TcpRelay}
 * that turns into a black hole, resets, refuses or slows every answer for a while, then passes
 * again. Per scenario it reports the worst 1-second throughput window after the first 2 s of the
 * fault against the healthy rate, the longest transaction, application errors, rows missing on B
 * and how many of them the journal names, the time the breaker takes to close after B returns, and
 * whether B equals A after {@code repair --from-journal}. It asserts what must always hold (no
 * application error, no row missing on B that the journal does not name, B = A after repair) and
 * prints the timing figures for {@code docs/operations.md}.
 *
 * <pre>mvn -B -ntp verify -pl proxy-core -Pfaults</pre>
 */
class SickBFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int THREADS = 4;
    private static final int HEALTHY_SECONDS = 5;
    private static final int FAULT_SECONDS = Integer.getInteger("faults.seconds", 12);
    private static final int AFTER_SECONDS = 3;
    private static final int ACCOUNTS = 50;
    private static final List<String> ROWS = new ArrayList<>();
    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    @AfterAll
    static void printTable() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("| pair | fault | healthy tx/s | worst window after 2 s (× healthy) | longest tx | app errors | rows missing on B | of them journaled | breaker closed after B returned | B = A after repair |");
        out.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        out.addAll(ROWS);
        String table = String.join("\n", out);
        System.out.println(table);
        Path report = Path.of("target", "faults-report.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "statement timeout " + TIMEOUT.toMillis() + " ms, " + THREADS + " threads, fault "
            + FAULT_SECONDS + " s\n\n" + table + "\n");
    }

    @Test
    void postgresqlToPostgresql() throws Exception {
        for (TcpRelay.Mode m : modes()) {
            scenario(Engine.POSTGRESQL, Engine.POSTGRESQL, m);
        }
    }

    @Test
    void postgresqlToMariadb() throws Exception {
        for (TcpRelay.Mode m : modes()) {
            scenario(Engine.POSTGRESQL, Engine.MARIADB, m);
        }
    }

    /** The relay modes to run: all, or those named by {@code -Dfaults.modes=slow,black_hole}. */
    private static List<TcpRelay.Mode> modes() {
        String only = System.getProperty("faults.modes", "");
        List<TcpRelay.Mode> out = new ArrayList<>();
        for (TcpRelay.Mode m : new TcpRelay.Mode[] {TcpRelay.Mode.BLACK_HOLE, TcpRelay.Mode.RESET, TcpRelay.Mode.REFUSE, TcpRelay.Mode.SLOW}) {
            if (only.isBlank() || java.util.Arrays.asList(only.toLowerCase().split(",")).contains(m.name().toLowerCase())) {
                out.add(m);
            }
        }
        return out;
    }

    private void scenario(Engine ea, Engine eb, TcpRelay.Mode fault) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String p = "flt" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet() + "_";
        String acct = p + "acct";
        String log = p + "log";
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("create table " + acct + " (id int primary key, balance bigint not null, ops int not null)",
                "create table " + log + " (id bigint primary key, acct int not null, amount int not null)");
            StringBuilder rows = new StringBuilder();
            for (int i = 1; i <= ACCOUNTS; i++) {
                rows.append(i == 1 ? "" : ", ").append("(").append(i).append(", 0, 0)");
            }
            db.run("insert into " + acct + " values " + rows);
        }
        Path journal = dir.resolve(p + "journal.jsonl");
        int seconds = HEALTHY_SECONDS + FAULT_SECONDS + 30;
        AtomicLongArray perSecond = new AtomicLongArray(seconds + 5);
        AtomicLong longest = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong ids = new AtomicLong();
        List<String> errorTexts = java.util.Collections.synchronizedList(new ArrayList<>());
        long closeMillis;
        try (TcpRelay relay = TcpRelay.inFrontOf(b.url());
             DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                 .b(relay.url(b.url()), b.user(), b.password())
                 .phase(Phase.DUAL_WRITE)
                 .set("dualaccess.control.poll", "off")
                 .set("dualaccess.b.statement-timeout", TIMEOUT.toMillis() + "ms")
                 .set("dualaccess.b.pool.max-size", "8")
                 .set("dualaccess.log.file", dir.resolve(p + "comparisons.jsonl").toString())
                 .set("dualaccess.journal.file", journal.toString())
                 .build()) {
            relay.delay(Duration.ofMillis(1500));
            // Warm-up, not measured: the first statements load and compile the paths (jOOQ's parser for
            // a translated pair takes seconds on a busy machine), which is not B's health.
            volatileStop = false;
            Thread warm = new Thread(() -> work(ds, acct, log, ids, System.nanoTime(), new AtomicLongArray(1000), new AtomicLong(),
                errors, errorTexts), "faults-warm-up");
            warm.start();
            Thread.sleep(2000);
            volatileStop = true;
            warm.join(60_000);
            long t0 = System.nanoTime();
            volatileStop = false;
            List<Thread> workers = new ArrayList<>();
            for (int th = 0; th < THREADS; th++) {
                Thread w = new Thread(() -> work(ds, acct, log, ids, t0, perSecond, longest, errors, errorTexts), "faults-app-" + th);
                w.start();
                workers.add(w);
            }
            Thread.sleep(HEALTHY_SECONDS * 1000L);
            relay.mode(fault);
            Thread.sleep(FAULT_SECONDS * 1000L);
            relay.mode(TcpRelay.Mode.PASS);
            long back = System.nanoTime();
            CircuitBreaker breaker = ds.runtime().mirror().breaker();
            while (breaker.getState() != CircuitBreaker.State.CLOSED && System.nanoTime() - back < 60_000_000_000L) {
                Thread.sleep(20);
            }
            closeMillis = breaker.getState() == CircuitBreaker.State.CLOSED ? (System.nanoTime() - back) / 1_000_000 : -1;
            Thread.sleep(AFTER_SECONDS * 1000L);
            volatileStop = true;
            for (Thread w : workers) {
                w.join(30_000);
            }
        }
        // Healthy rate: the last HEALTHY_SECONDS - 1 whole seconds before the fault.
        double healthy = 0;
        for (int s = 1; s < HEALTHY_SECONDS; s++) {
            healthy += perSecond.get(s);
        }
        healthy /= HEALTHY_SECONDS - 1;
        long worst = Long.MAX_VALUE;
        for (int s = HEALTHY_SECONDS + 2; s < HEALTHY_SECONDS + FAULT_SECONDS; s++) {
            worst = Math.min(worst, perSecond.get(s));
        }
        // What B lacks, and whether the journal names it.
        Map<Integer, String> aAcct = byId(a, "select id, balance, ops from " + acct);
        Map<Integer, String> bAcct = byId(b, "select id, balance, ops from " + acct);
        Map<Integer, String> aLog = byId(a, "select id, acct, amount from " + log);
        Map<Integer, String> bLog = byId(b, "select id, acct, amount from " + log);
        Set<String> named = journalKeys(journal, acct, log);
        int missing = 0;
        int journaled = 0;
        for (Map.Entry<Integer, String> e : aAcct.entrySet()) {
            if (!e.getValue().equals(bAcct.get(e.getKey()))) {
                missing++;
                journaled += named.contains(acct + ":" + e.getKey()) ? 1 : 0;
            }
        }
        for (Map.Entry<Integer, String> e : aLog.entrySet()) {
            if (!e.getValue().equals(bLog.get(e.getKey()))) {
                missing++;
                journaled += named.contains(log + ":" + e.getKey()) ? 1 : 0;
            }
        }
        // repair --from-journal: verify and repair every table the journal names.
        boolean equalAfterRepair;
        List<String> tables = Files.exists(journal) ? Repair.journalTables(journal) : List.of();
        try (Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), false, null)) {
            if (!tables.isEmpty()) {
                Verify.builder(a::connect, b::connect).tables(tables).sink(repair).build().run();
            }
        }
        equalAfterRepair = Verify.builder(a::connect, b::connect).tables(List.of(acct, log)).build().run().equal();
        String pair = ea + "→" + eb;
        ROWS.add(String.format("| %s | %s | %.0f | %d tx/s (%.2f×) | %d ms | %d | %d | %d | %s | %s |", pair,
            fault.name().toLowerCase().replace('_', ' ') + (fault == TcpRelay.Mode.SLOW ? " (1.5 s per answer)" : ""),
            healthy, worst, healthy == 0 ? 0 : worst / healthy, longest.get(), errors.get(), missing, journaled,
            closeMillis < 0 ? "not closed" : closeMillis + " ms", equalAfterRepair ? "yes" : "no"));
        StringBuilder series = new StringBuilder();
        for (int s = 0; s < HEALTHY_SECONDS + FAULT_SECONDS + AFTER_SECONDS + 2 && s < perSecond.length(); s++) {
            series.append(s == HEALTHY_SECONDS ? " [" : " ").append(perSecond.get(s)).append(s == HEALTHY_SECONDS + FAULT_SECONDS - 1 ? "]" : "");
        }
        System.out.println(ROWS.get(ROWS.size() - 1) + " journal lines: " + (Files.exists(journal) ? Files.readAllLines(journal).size() : 0)
            + "; tx per second (fault in brackets):" + series);
        assertThat(errorTexts).as("application errors").isEmpty();
        assertThat(journaled).as("rows missing on B that the journal names").isEqualTo(missing);
        assertThat(equalAfterRepair).as("B = A after repair").isTrue();
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("drop table " + acct, "drop table " + log);
        }
    }

    private static volatile boolean volatileStop;

    /** One application thread: two inserts and an update per transaction; every fifth an autocommit update. */
    private static void work(DualAccessDataSource ds, String acct, String log, AtomicLong ids, long t0, AtomicLongArray perSecond,
                             AtomicLong longest, AtomicLong errors, List<String> errorTexts) {
        try (Connection c = ds.getConnection()) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int n = 0;
            while (!volatileStop) {
                long start = System.nanoTime();
                try {
                    if (++n % 5 == 0) {
                        c.setAutoCommit(true);
                        try (PreparedStatement ps = c.prepareStatement("update " + acct + " set ops = ops + 1 where id = ?")) {
                            ps.setInt(1, 1 + r.nextInt(ACCOUNTS));
                            ps.executeUpdate();
                        }
                    } else {
                        c.setAutoCommit(false);
                        int account = 1 + r.nextInt(ACCOUNTS);
                        try (PreparedStatement ins = c.prepareStatement("insert into " + log + " values (?, ?, ?)");
                             PreparedStatement upd = c.prepareStatement("update " + acct + " set balance = balance + ?, ops = ops + 1 where id = ?")) {
                            for (int k = 0; k < 2; k++) {
                                ins.setLong(1, ids.incrementAndGet());
                                ins.setInt(2, account);
                                ins.setInt(3, 1 + r.nextInt(100));
                                ins.executeUpdate();
                            }
                            upd.setInt(1, 1 + r.nextInt(100));
                            upd.setInt(2, account);
                            upd.executeUpdate();
                        }
                        c.commit();
                    }
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("40")) {
                        // A deadlock on A between two of our own transactions: the application retries.
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // rolled back already
                        }
                        continue;
                    }
                    errors.incrementAndGet();
                    errorTexts.add(e.toString());
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // best effort
                    }
                }
                long end = System.nanoTime();
                longest.accumulateAndGet((end - start) / 1_000_000, Math::max);
                int second = (int) ((end - t0) / 1_000_000_000L);
                if (second < perSecond.length()) {
                    perSecond.incrementAndGet(second);
                }
            }
        } catch (SQLException e) {
            errors.incrementAndGet();
            errorTexts.add(e.toString());
        }
    }

    private static Map<Integer, String> byId(TestDb db, String query) throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        for (String row : db.rows(query)) {
            int bar = row.indexOf('|');
            out.put(Integer.parseInt(row.substring(0, bar)), row.substring(bar + 1));
        }
        return out;
    }

    private static final Pattern PARAM = Pattern.compile("\\{\"index\":(\\d+),\"setter\":\"[A-Z_]+\",\"value\":(-?\\d+)");

    /** table:key for every row a journal entry names (the insert's first parameter, the update's last). */
    private static Set<String> journalKeys(Path journal, String acct, String log) throws Exception {
        Set<String> out = new HashSet<>();
        if (!Files.exists(journal)) {
            return out;
        }
        for (String line : Files.readAllLines(journal)) {
            Map<Integer, String> params = new HashMap<>();
            Matcher m = PARAM.matcher(line);
            while (m.find()) {
                params.put(Integer.parseInt(m.group(1)), m.group(2));
            }
            if (line.contains("\"tables\":[\"" + log + "\"]") && params.containsKey(1)) {
                out.add(log + ":" + params.get(1));
            } else if (line.contains("\"tables\":[\"" + acct + "\"]")) {
                String key = params.get(line.contains("balance = balance") ? 2 : 1);
                if (key != null) {
                    out.add(acct + ":" + key);
                }
            }
        }
        return out;
    }
}
