package io.dualaccess.backfill;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Backfill on real engines, without concurrent writes: it copies exactly the rows B lacks, keeps
 * the rows B already has, resumes a killed run from its checkpoints, and lets two workers share a run.
 */
class BackfillTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final int ROWS = 2_500;

    static List<Arguments> pairs() {
        return List.of(
            Arguments.of(Engine.H2, Engine.H2),
            Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL),
            Arguments.of(Engine.MARIADB, Engine.MARIADB),
            Arguments.of(Engine.POSTGRESQL, Engine.MARIADB),
            Arguments.of(Engine.H2, Engine.POSTGRESQL));
    }

    private static String table() {
        return "bf_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    /**
     * A new run id: checkpoints in B outlive the JVM and process ids come round again, so an id made
     * of the pid could name a finished run of an earlier JVM on a table of the same name.
     */
    private static String run() {
        return "test-" + java.util.UUID.randomUUID();
    }

    /** A table with a composite key (a text part and an integer part), mixed types and NULLs. */
    private static void create(TestDb a, TestDb b, String t) throws Exception {
        String ddl = "create table " + t + " (region varchar(10) not null, id int not null, name varchar(40),"
            + " price decimal(10,2), created timestamp, active boolean, primary key (region, id))";
        a.run(ddl);
        b.run(ddl);
        try (Connection c = a.connect();
             PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < ROWS; i++) {
                ps.setString(1, i % 3 == 0 ? "eu" : i % 3 == 1 ? "us" : "apac");
                ps.setInt(2, i);
                ps.setString(3, i % 7 == 0 ? null : "name " + i);
                ps.setBigDecimal(4, new java.math.BigDecimal(i).movePointLeft(2));
                ps.setObject(5, java.time.LocalDateTime.of(2024, 3, 31, 2, 30).plusMinutes(i));
                ps.setBoolean(6, i % 2 == 0);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    private static String all(String t) {
        return "select region, id, name, price, created, active from " + t + " order by region, id";
    }

    /** The library copies with as many workers as the CLI does unless told otherwise (they were 1 and 2). */
    @org.junit.jupiter.api.Test
    void copiesWithTheDocumentedDefaultNumberOfWorkers() {
        TestDb h2 = Engine.H2.a();
        Backfill backfill = Backfill.builder(h2::connect, h2::connect).tables(List.of("t")).build();
        assertThat(backfill.workers()).isEqualTo(Backfill.DEFAULT_WORKERS).isEqualTo(2);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void copiesWhatBLacksAndNeverOverwrites(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        create(a, b, t);
        // Rows the mirror already wrote: one B has as A has it, one B has newer than this copy of A.
        b.run("insert into " + t + " values ('eu', 3, 'name 3', 0.03, timestamp '2024-03-31 02:33:00', false)",
            "insert into " + t + " values ('us', 4, 'mirrored later', 9.99, null, true)");
        Backfill.Result r = Backfill.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(300).run(run())
            .build().run();
        assertThat(r.rowsRead()).isEqualTo(ROWS);
        if (eb != Engine.MARIADB) {
            assertThat(r.rowsInserted()).isEqualTo(ROWS - 2);
        }
        assertThat(r.status().complete()).isTrue();
        assertThat(r.status().tables().get(0).totalRows()).isEqualTo(ROWS);
        assertThat(b.rows("select count(*) from " + t)).containsExactly(String.valueOf(ROWS));
        assertThat(b.rows("select name, price from " + t + " where region = 'us' and id = 4"))
            .as("a row B already had is left as it is").containsExactly("mirrored later|9.99");
        List<String> expected = new ArrayList<>(a.rows(all(t)));
        List<String> actual = b.rows(all(t));
        expected.removeIf(row -> row.startsWith("us|4|"));
        actual.removeIf(row -> row.startsWith("us|4|"));
        if (ea == eb) {
            assertThat(actual).isEqualTo(expected);
        }
        assertThat(actual).hasSize(expected.size());

        // Verify walks the composite key too (row values on PostgreSQL and H2, the expanded
        // predicate on MariaDB) and finds the one row the backfill rightly left alone.
        io.dualaccess.verify.VerifyReport report = io.dualaccess.verify.Verify.builder(a::connect, b::connect)
            .tables(List.of(t)).chunkSize(170).build().run();
        assertThat(report.tables().get(0).listed()).extracting(d -> d.kind() + " " + d.key())
            .containsExactly("CHANGED [us, 4]");
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aKilledRunResumesFromItsCheckpoints(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        String run = run();
        create(a, b, t);
        AtomicInteger pages = new AtomicInteger();
        // One worker: killed at its fifth page, it has committed exactly four (another worker would commit more meanwhile).
        Backfill first = Backfill.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(200).run(run).workers(1)
            .listener((table, chunk, read, inserted) -> {
                if (pages.incrementAndGet() == 5) {
                    throw new IllegalStateException("killed");
                }
            }).build();
        assertThatThrownBy(first::run).hasMessage("killed");
        BackfillStatus half = Backfill.status(b::connect, run);
        assertThat(half.complete()).isFalse();
        assertThat(half.rowsRead()).isEqualTo(5 * 200);
        assertThat(b.rows("select count(*) from " + t)).containsExactly("1000");

        Backfill.Result second = Backfill.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(200).run(run)
            .build().run();
        assertThat(second.rowsRead()).as("the resumed run skips what the first one committed").isEqualTo(ROWS - 1000);
        assertThat(second.status().complete()).isTrue();
        assertThat(second.status().rowsRead()).isEqualTo(ROWS);
        assertThat(b.rows("select count(*) from " + t)).containsExactly(String.valueOf(ROWS));
        assertThat(b.rows("select count(*) from (select region, id from " + t + " group by region, id) k"))
            .containsExactly(String.valueOf(ROWS));

        // Once complete, the same run has nothing left to do.
        Backfill.Result third = Backfill.builder(a::connect, b::connect).tables(List.of(t)).run(run).build().run();
        assertThat(third.rowsRead()).isZero();
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void twoWorkersShareOneRun(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        String run = run();
        create(a, b, t);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Backfill.Result>> results = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String name = "worker-" + w;
                // Two independent backfills, as two processes would run them: they meet only in B.
                results.add(pool.submit(() -> Backfill.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(100)
                    .run(run).workerName(name).listener((table, chunk, read, inserted) -> sleep()).build().run()));
            }
            Backfill.Result r0 = results.get(0).get();
            Backfill.Result r1 = results.get(1).get();
            assertThat(r0.chunks()).as("worker 0 chunks").isPositive();
            assertThat(r1.chunks()).as("worker 1 chunks").isPositive();
            assertThat(r0.rowsRead() + r1.rowsRead()).as("every row read once").isEqualTo(ROWS);
            assertThat(r0.chunks() + r1.chunks()).isEqualTo(r0.status().tables().get(0).chunks());
        } finally {
            pool.shutdownNow();
        }
        assertThat(b.rows("select count(*) from " + t)).containsExactly(String.valueOf(ROWS));
        if (ea == eb) {
            assertThat(b.rows(all(t))).isEqualTo(a.rows(all(t)));
        }
    }

    /**
     * A chunk that gained rows since it was planned (here 60 more than its 100 keys, past the tenth
     * a piped page takes beyond a chunk) is copied in more than one page, each bounded, and none of
     * its rows is left out.
     */
    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aChunkThatGrewSincePlanningIsCopiedWhole(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        create(a, b, t);
        AtomicInteger pages = new AtomicInteger();
        List<Integer> pageRows = new ArrayList<>();
        Backfill.Result r = Backfill.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(100).run(run())
            .listener((table, chunk, read, inserted) -> {
                synchronized (pageRows) {
                    pageRows.add(read);
                }
                if (pages.incrementAndGet() == 1) {
                    // 'eu' keys sort after the first chunks ('apac'): 60 of them at the end of 'eu',
                    // all inside one planned chunk that is not copied yet.
                    String[] inserts = new String[60];
                    for (int i = 0; i < inserts.length; i++) {
                        inserts[i] = "insert into " + t + " values ('eu', " + (10_000 + i) + ", 'grown', 1.00, null, true)";
                    }
                    try {
                        a.run(inserts);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }).build().run();
        assertThat(r.status().complete()).isTrue();
        assertThat(pageRows).as("no page holds more than a chunk and a tenth").allMatch(n -> n <= 110);
        if (ea == Engine.POSTGRESQL && eb == Engine.POSTGRESQL) {
            assertThat(pageRows).as("the grown chunk's first piped page is a full one").contains(110);
        }
        assertThat(b.rows("select count(*) from " + t)).containsExactly(String.valueOf(ROWS + 60));
        if (ea == eb) {
            assertThat(b.rows(all(t))).isEqualTo(a.rows(all(t)));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20); // gives the other worker a chance to lease on a fast engine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
