package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ORM's aggregate over a table other connections insert into ({@code select status, count(id),
 * sum(total) … group by status}), compared in {@code shadow} on PostgreSQL A and B: the count moves on
 * A and on B between the application's read, the replay and the re-check. Such a read is a race, not
 * a {@code mismatch}; a difference that B's data really has still is one.
 *
 * <p>The deterministic cases land an insert (through dualaccess, so it is mirrored to B and this
 * process knows the table has writes in flight) before each read a shadow worker makes of either
 * side ({@code ShadowReads.beforeWorkerRead}), so every read sees a count the one before did not.
 */
class RacingWritesRecheckTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    private TestDb a;
    private TestDb b;
    private String t;
    private final AtomicInteger ids = new AtomicInteger(100);
    private final List<ComparisonEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void tables() throws Exception {
        a = Engine.POSTGRESQL.a();
        b = Engine.POSTGRESQL.b();
        t = "purchase_order_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + t + " (id int primary key, status varchar(10), total decimal(12,2))",
                "insert into " + t + " values (1, 'NEW', 10.00), (2, 'NEW', 20.00), (3, 'PAID', 30.00)");
        }
    }

    @AfterEach
    void drop() throws Exception {
        a.run("drop table if exists " + t);
        b.run("drop table if exists " + t);
    }

    private String query() {
        return "select status, count(id), sum(total) from " + t + " group by status";
    }

    private DualAccessDataSource shadow() throws Exception {
        DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.log.values", "full")
            .set("dualaccess.log.aggregate", "none")
            .set("dualaccess.b.statement-timeout", "5s")
            .build();
        ds.runtime().eventLog().addListener(e -> {
            if ("read".equals(e.kind())) {
                events.add(e);
            }
        });
        return ds;
    }

    /** An order inserted through dualaccess: committed on A, then on B (auto-commit, mirrored). */
    private void insert(DualAccessDataSource ds) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into " + t + " (id, status, total) values (?, 'NEW', 1.00)")) {
            ps.setInt(1, ids.incrementAndGet());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readOnce(DualAccessDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(query());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
                rs.getLong(2);
                rs.getBigDecimal(3);
            }
        }
    }

    private ShadowReads reads(DualAccessDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return ds.runtime().shadowReads();
        }
    }

    private ComparisonEvent theRead() {
        Waits.until("the read compared", () -> !events.isEmpty());
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void insertsBetweenEveryReadUntilTheyStopAreTransient() throws Exception {
        try (DualAccessDataSource ds = shadow()) {
            // Three inserts: before the replay, before the re-check's read of A, before its read of B.
            // The first re-check still differs (A and B each moved on); the next one agrees.
            AtomicInteger left = new AtomicInteger(3);
            reads(ds).beforeWorkerRead = () -> {
                if (left.getAndDecrement() > 0) {
                    insert(ds);
                }
            };
            readOnce(ds);
            ComparisonEvent e = theRead();
            assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(e.reason()).isNull();
            assertThat(left.get()).as("the re-check read both sides again after the inserts stopped").isLessThan(0);
        }
    }

    @Test
    void aReadThatNeverSettlesWhileInsertsGoOnIsTransientUnsettled() throws Exception {
        try (DualAccessDataSource ds = shadow()) {
            AtomicInteger inserts = new AtomicInteger();
            reads(ds).beforeWorkerRead = () -> {
                inserts.incrementAndGet();
                insert(ds);
            };
            readOnce(ds);
            ComparisonEvent e = theRead();
            assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(e.reason()).isEqualTo(ShadowReads.UNSETTLED);
            // The replay, then two reads per re-check, dualaccess.compare.recheck.attempts (3) times: bounded.
            assertThat(inserts.get()).isEqualTo(1 + 2 * 3);
        }
    }

    @Test
    void aRealDifferenceIsAMismatchOnceTheInsertsPause() throws Exception {
        // B's PAID group really differs (an order A does not have); NEW moves on both sides between the
        // first reads, then the inserts pause: the next re-check meets a quiet moment and reports it.
        b.run("insert into " + t + " values (4, 'PAID', 40.00)");
        try (DualAccessDataSource ds = shadow()) {
            AtomicInteger left = new AtomicInteger(3);
            reads(ds).beforeWorkerRead = () -> {
                if (left.getAndDecrement() > 0) {
                    insert(ds);
                }
            };
            readOnce(ds);
            ComparisonEvent e = theRead();
            assertThat(e.outcome()).isEqualTo(Outcome.MISMATCH);
            assertThat(String.valueOf(e.diff())).contains("PAID", "sum=70");
            assertThat(left.get()).as("read again after the inserts paused").isLessThan(0);
        }
    }

    @Test
    void aTransactionStillOpenOnTheTableKeepsTheReadUnsettled() throws Exception {
        // B really differs, and a transaction that wrote the table stays open through every re-check:
        // this process cannot tell a write caught half-way from B's data, so it says transient.
        b.run("insert into " + t + " values (4, 'PAID', 40.00)");
        try (DualAccessDataSource ds = shadow(); Connection open = ds.getConnection()) {
            open.setAutoCommit(false);
            try (PreparedStatement ps = open.prepareStatement("insert into " + t + " (id, status, total) values (?, 'NEW', 1.00)")) {
                ps.setInt(1, ids.incrementAndGet());
                ps.executeUpdate();
            }
            readOnce(ds);
            ComparisonEvent e = theRead();
            assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(e.reason()).isEqualTo(ShadowReads.UNSETTLED);
            open.rollback();
            // Ended: the table is quiet again, and the same read is a mismatch.
            events.clear();
            readOnce(ds);
            assertThat(theRead().outcome()).isEqualTo(Outcome.MISMATCH);
        }
    }

    @Test
    void aRealDifferenceWithNoWritesIsAMismatch() throws Exception {
        b.run("update " + t + " set total = 31.00 where id = 3");
        try (DualAccessDataSource ds = shadow()) {
            AtomicInteger workerReads = new AtomicInteger();
            reads(ds).beforeWorkerRead = workerReads::incrementAndGet;
            readOnce(ds);
            ComparisonEvent e = theRead();
            assertThat(e.outcome()).isEqualTo(Outcome.MISMATCH);
            assertThat(String.valueOf(e.diff())).contains("PAID", "31");
            // Neither side moved: the first re-check settles it (the replay and one read of each side).
            assertThat(workerReads.get()).isEqualTo(3);
        }
    }

    @Test
    void concurrentInsertsIntoTheAggregatedTableGiveNoMismatch() throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean stop = new AtomicBoolean();
        int reads = 0;
        try (DualAccessDataSource ds = shadow()) {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                running.add(pool.submit(() -> {
                    // Transactions of a few orders each, as an ORM's unit of work.
                    while (!stop.get()) {
                        try (Connection c = ds.getConnection()) {
                            c.setAutoCommit(false);
                            try (PreparedStatement ps = c.prepareStatement(
                                "insert into " + t + " (id, status, total) values (?, ?, ?)")) {
                                for (int i = 0; i < 3; i++) {
                                    int id = ids.incrementAndGet();
                                    ps.setInt(1, id);
                                    ps.setString(2, id % 5 == 0 ? "PAID" : "NEW");
                                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(id % 97, 2));
                                    ps.executeUpdate();
                                }
                            }
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (; reads < 150; reads++) {
                readOnce(ds);
                Thread.sleep(2);
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            int expected = reads;
            ShadowReads shadowReads = reads(ds);
            Waits.until("every read compared or dropped", () -> events.size() + shadowReads.dropped() >= expected);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(events).noneMatch(e -> e.outcome() == Outcome.MISMATCH);
        assertThat(events).anyMatch(e -> e.outcome() == Outcome.MATCH || e.outcome() == Outcome.TRANSIENT);
        // Every compared read's outcome is one of these (no replay failed).
        assertThat(events).allMatch(e -> e.outcome() == Outcome.MATCH || e.outcome() == Outcome.TRANSIENT
            || e.outcome() == Outcome.SKIPPED);
        // The writers went on until the reader was done: A and B hold the same orders.
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            assertThat(count(ca)).isEqualTo(count(cb));
        }
    }

    private long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from " + t); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
