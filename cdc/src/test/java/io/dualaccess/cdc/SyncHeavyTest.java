package io.dualaccess.cdc;

import io.dualaccess.testing.Engine;
import io.dualaccess.verify.VerifyReport;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The big run (only with -Pheavy-cdc): a snapshot of {@code da.heavy.rows} rows (default 1,000,000),
 * then mixed writes by plain JDBC connections for {@code da.heavy.duration} (default 10m), then
 * verify finds no difference. Prints snapshot rows/s and the end-to-end lag p50/p99, measured by
 * probe rows: A's writer stamps each with the time just before its commit, and a trigger on B
 * stamps the time the sync's B transaction wrote it. Sources: {@code da.heavy.sources}
 * (default POSTGRESQL,MARIADB); B is PostgreSQL.
 */
class SyncHeavyTest {

    private static final int ROWS = Integer.getInteger("da.heavy.rows", 1_000_000);
    private static final Duration DURATION = duration(System.getProperty("da.heavy.duration", "10m"));
    /**
     * PostgreSQL A only: commit the probes with {@code synchronous_commit = on}. The test servers
     * run with it off, so a commit's WAL reaches disk (and the logical walsender, which decodes
     * flushed WAL only) at the WAL writer's next round, up to {@code wal_writer_delay} (200 ms) later.
     */
    private static final boolean PROBE_SYNC_COMMIT = Boolean.getBoolean("da.heavy.probe-sync-commit");

    @Test
    void millionRowSnapshotThenMixedWritesLeaveNoDifference() throws Exception {
        for (String s : System.getProperty("da.heavy.sources", "POSTGRESQL,MARIADB").split(",")) {
            String line = run(Engine.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            line += PROBE_SYNC_COMMIT ? " (probes committed with synchronous_commit = on)" : "";
            System.out.println("=== cdc heavy run: " + ROWS + " rows, " + DURATION + " of writes: " + line);
            System.err.println("=== cdc heavy run: " + ROWS + " rows, " + DURATION + " of writes: " + line);
        }
    }

    private String run(Engine source) throws Exception {
        try (SyncFixture f = new SyncFixture(source, "cdc_heavy", "cdc_probe")) {
            if (source == Engine.POSTGRESQL) {
                f.a.run("create table cdc_heavy (id bigint primary key, account int not null, amount numeric(14,2) not null,"
                        + " note varchar(64), updated timestamp(6) not null)",
                    "create table cdc_probe (id bigint primary key, t_ms bigint not null)",
                    "insert into cdc_heavy select g, g % 1000, g * 0.01, 'row ' || g, timestamp '2024-01-01' + g * interval '1 second'"
                        + " from generate_series(1, " + ROWS + ") g");
            } else {
                f.a.run("create table cdc_heavy (id bigint primary key, account int not null, amount decimal(14,2) not null,"
                        + " note varchar(64), updated datetime(6) not null)",
                    "create table cdc_probe (id bigint primary key, t_ms bigint not null)",
                    "insert into cdc_heavy select seq, seq % 1000, seq * 0.01, concat('row ', seq),"
                        + " timestamp '2024-01-01 00:00:00' + interval seq second from seq_1_to_" + ROWS);
            }
            f.b.run("create table cdc_heavy (id bigint primary key, account int not null, amount numeric(14,2) not null,"
                    + " note varchar(64), updated timestamp(6) not null)",
                "create table cdc_probe (id bigint primary key, t_ms bigint not null, applied_ms bigint)",
                "create or replace function cdc_probe_applied() returns trigger language plpgsql as $$"
                    + " begin new.applied_ms := (extract(epoch from clock_timestamp()) * 1000)::bigint; return new; end $$",
                "create trigger cdc_probe_applied before insert on cdc_probe for each row execute function cdc_probe_applied()");
            try {
                long start = System.nanoTime();
                f.start();
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> f.sync.metrics().snapshotRows() >= ROWS);
                double snapshotSeconds = (System.nanoTime() - start) / 1e9;
                double rowsPerSecond = ROWS / snapshotSeconds;

                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong nextId = new AtomicLong(ROWS + 1);
                AtomicLong transactions = new AtomicLong();
                AtomicReference<Throwable> failed = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    threads.add(new Thread(() -> write(f, stop, nextId, transactions, failed), "cdc-heavy-writer-" + w));
                }
                threads.add(new Thread(() -> probe(f, stop, failed), "cdc-heavy-probe"));
                threads.forEach(Thread::start);
                Thread.sleep(DURATION.toMillis());
                stop.set(true);
                for (Thread t : threads) {
                    t.join(60_000);
                }
                assertThat(failed.get()).isNull();

                long verifyStart = System.nanoTime();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> f.count(f.b, "select count(*) from cdc_probe where applied_ms is not null")
                        == f.count(f.a, "select count(*) from cdc_probe"));
                VerifyReport verify = f.verify();
                double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
                long[] lags = lags(f);
                String perMinute = perMinute(f);
                assertThat(verify.differences()).as(verify.text()).isZero();
                return String.format(Locale.ROOT, "%s -> POSTGRESQL: snapshot %d rows in %.1f s = %.0f rows/s (engine start included);"
                        + " %d write transactions in %s; lag over %d probes p50 %d ms, p99 %d ms, max %d ms;"
                        + " verify: %d differences (%.1f s); sync errors %d; per minute of writes (p50/p99/max ms): %s",
                    source, ROWS, snapshotSeconds, rowsPerSecond, transactions.get(), DURATION, lags.length,
                    percentile(lags, 0.5), percentile(lags, 0.99), lags.length == 0 ? -1 : lags[lags.length - 1],
                    verify.differences(), verifySeconds, f.sync.metrics().errors(), perMinute);
            } finally {
                f.b.run("drop table if exists cdc_probe", "drop function if exists cdc_probe_applied() cascade");
            }
        }
    }

    /** Mixed transactions of 1 to 5 statements: updates, inserts, deletes. */
    private static void write(SyncFixture f, AtomicBoolean stop, AtomicLong nextId, AtomicLong transactions, AtomicReference<Throwable> failed) {
        try (Connection c = f.a.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement upd = c.prepareStatement("update cdc_heavy set amount = amount + 1, note = ?, updated = ? where id = ?");
                 PreparedStatement ins = c.prepareStatement("insert into cdc_heavy values (?, ?, ?, ?, ?)");
                 PreparedStatement del = c.prepareStatement("delete from cdc_heavy where id = ?")) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int n = 1 + r.nextInt(5);
                    for (int i = 0; i < n; i++) {
                        int kind = r.nextInt(10);
                        if (kind < 5) {
                            upd.setString(1, "u" + r.nextInt(1_000_000));
                            upd.setObject(2, java.time.LocalDateTime.now().withNano(r.nextInt(1_000_000) * 1000));
                            upd.setLong(3, 1 + r.nextLong(ROWS));
                            upd.executeUpdate();
                        } else if (kind < 8) {
                            long id = nextId.getAndIncrement();
                            ins.setLong(1, id);
                            ins.setInt(2, (int) (id % 1000));
                            ins.setBigDecimal(3, java.math.BigDecimal.valueOf(r.nextLong(1_000_000_00L), 2));
                            ins.setString(4, "new " + id);
                            ins.setObject(5, java.time.LocalDateTime.of(2025, 1, 1, 0, 0).plusNanos(r.nextLong(1_000_000_000_000L) * 1000));
                            ins.executeUpdate();
                        } else {
                            del.setLong(1, 1 + r.nextLong(ROWS));
                            del.executeUpdate();
                        }
                    }
                    c.commit();
                    transactions.incrementAndGet();
                    Thread.sleep(2);
                }
            }
        } catch (Throwable t) {
            failed.compareAndSet(null, t);
        }
    }

    /** A probe row every 50 ms, stamped just before its commit. */
    private static void probe(SyncFixture f, AtomicBoolean stop, AtomicReference<Throwable> failed) {
        try (Connection c = f.a.connect()) {
            if (PROBE_SYNC_COMMIT && f.a.engine() == Engine.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("set synchronous_commit = on");
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("insert into cdc_probe values (?, ?)")) {
                long id = 0;
                while (!stop.get()) {
                    ins.setLong(1, ++id);
                    ins.setLong(2, System.currentTimeMillis());
                    ins.executeUpdate();
                    c.commit();
                    Thread.sleep(50);
                }
            }
        } catch (Throwable t) {
            failed.compareAndSet(null, t);
        }
    }

    private static long[] lags(SyncFixture f) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = f.b.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select applied_ms - t_ms from cdc_probe where applied_ms is not null")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        long[] a = out.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** The probes' lag minute by minute: whether it stays bounded or grows through the run. */
    private static String perMinute(SyncFixture f) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = f.b.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select floor((t_ms - (select min(t_ms) from cdc_probe)) / 60000) m,"
                 + " percentile_disc(0.5) within group (order by applied_ms - t_ms),"
                 + " percentile_disc(0.99) within group (order by applied_ms - t_ms), max(applied_ms - t_ms)"
                 + " from cdc_probe where applied_ms is not null group by 1 order by 1")) {
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : ", ").append(rs.getLong(1) + 1).append(": ")
                    .append(rs.getLong(2)).append('/').append(rs.getLong(3)).append('/').append(rs.getLong(4));
            }
        }
        return out.toString();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
