package io.dualaccess.backfill;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill's correctness claim: run it while several application threads update, insert and
 * delete through the proxy in {@code dual-write}, and B ends equal to A. Without the shared lock on
 * A a page would copy a row's old value after the mirror had missed the row's update (B did not
 * have it yet), and B would keep the stale value; relative updates ({@code v = v + 1}) keep such a
 * difference alive to the end, so the final comparison sees it.
 */
class BackfillUnderWritesTest {

    private static final int LEGACY_ROWS = 3_000;
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void bEqualsAAfterABackfillUnderConcurrentWrites(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "bfw_" + ProcessHandle.current().pid() + "_" + engine.name().toLowerCase();
        a.run("drop table if exists " + t);
        b.run("drop table if exists " + t);
        // A run id of its own: B's checkpoint tables outlive the test JVM, and process ids come round again
        // (pid_max is often 32768), so a run named after the pid can be a finished run of an earlier
        // JVM on a table of the same name: the backfill then rightly has nothing left to copy.
        String run = "under-writes-" + UUID.randomUUID();
        String ddl = "create table " + t + " (id int primary key, v int not null, note varchar(40))";
        a.run(ddl);
        b.run(ddl);
        // Legacy rows, on A only: the even keys, so the application also inserts between them.
        try (Connection c = a.connect(); PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, 0, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < LEGACY_ROWS; i++) {
                ps.setInt(1, 2 * i);
                ps.setString(2, "legacy " + i);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicInteger nextNew = new AtomicInteger(2 * LEGACY_ROWS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        Backfill.Result r;
        try (DualAccessDataSource app = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> write(app, t, stop, writes, nextNew)));
            }
            while (writes.get() < 200) {
                Thread.sleep(10); // the application is busy before the backfill starts
            }
            r = Backfill.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(100)
                .run(run).workers(2).build().run();
            long during = writes.get();
            Thread.sleep(300); // and carries on for a moment after it
            stop.set(true);
            for (Future<?> f : writers) {
                f.get();
            }
            assertThat(r.status().complete()).isTrue();
            assertThat(writes.get() - 200).as("application writes during the backfill").isGreaterThan(during / 4);
        } finally {
            pool.shutdownNow();
        }
        String q = "select id, v, note from " + t + " order by id";
        List<String> rowsA = a.rows(q);
        assertThat(rowsA.size()).isGreaterThan(LEGACY_ROWS / 2);
        // The application inserts odd keys or keys past the legacy ones: the even keys below are the
        // legacy rows A still has, each of which was on A all along, so this backfill read it.
        long legacyLeft = rowsA.stream().mapToInt(row -> Integer.parseInt(row.substring(0, row.indexOf('|'))))
            .filter(id -> id % 2 == 0 && id < 2 * LEGACY_ROWS).count();
        assertThat(r.rowsRead()).as("rows the backfill read from A").isGreaterThanOrEqualTo(legacyLeft);
        List<String> rowsB = b.rows(q);
        // On a failure, say which rows differ and what the mirror journaled (AssertJ prints only 1000 elements).
        java.util.Set<String> onlyA = new java.util.TreeSet<>(rowsA);
        rowsB.forEach(onlyA::remove);
        java.util.Set<String> onlyB = new java.util.TreeSet<>(rowsB);
        rowsA.forEach(onlyB::remove);
        java.nio.file.Path journal = dir.resolve("journal.jsonl");
        assertThat(rowsB).as("B = A; only on A: %s; only on B: %s; journal: %s", onlyA, onlyB,
            java.nio.file.Files.exists(journal) ? java.nio.file.Files.readAllLines(journal) : "none").isEqualTo(rowsA);
        a.run("drop table " + t);
        b.run("drop table " + t);
        Backfill.reset(b::connect, run);
    }

    private static Void write(DualAccessDataSource app, String t, AtomicBoolean stop, AtomicLong writes,
                              AtomicInteger nextNew) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try (Connection c = app.getConnection();
             PreparedStatement update = c.prepareStatement("update " + t + " set v = v + 1, note = ? where id = ?");
             PreparedStatement insert = c.prepareStatement("insert into " + t + " values (?, 1, 'new')");
             PreparedStatement delete = c.prepareStatement("delete from " + t + " where id = ?")) {
            while (!stop.get()) {
                int op = r.nextInt(10);
                if (op < 6) {
                    update.setString(1, "updated " + r.nextInt(1000));
                    update.setInt(2, r.nextInt(2 * LEGACY_ROWS));
                    update.executeUpdate();
                } else if (op < 8) {
                    // An odd key between legacy rows (a duplicate is the application's own error), or a new one past them.
                    insert.setInt(1, r.nextBoolean() ? 2 * r.nextInt(LEGACY_ROWS) + 1 : nextNew.getAndIncrement());
                    try {
                        insert.executeUpdate();
                    } catch (SQLException duplicate) {
                        continue;
                    }
                } else {
                    delete.setInt(1, r.nextInt(2 * LEGACY_ROWS));
                    delete.executeUpdate();
                }
                writes.incrementAndGet();
            }
        }
        return null;
    }
}
