package io.dualaccess.verify;

import io.dualaccess.backfill.Backfill;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.repair.Repair;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables without a primary key: one with a unique index over NOT NULL columns is walked by it as by
 * a primary key; one with neither is compared as whole-row multisets (duplicates count), backfilled
 * by inserting the copies B lacks, and repaired by row content. An all-tables backfill and verify
 * handle both next to an ordinary table.
 */
class NoKeyTablesTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final int ROWS = 400;

    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        return List.of(
            Arguments.of(Engine.H2, Engine.H2),
            Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL),
            Arguments.of(Engine.MARIADB, Engine.MARIADB),
            Arguments.of(Engine.POSTGRESQL, Engine.MARIADB),
            Arguments.of(Engine.MARIADB, Engine.POSTGRESQL));
    }

    private static String name(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private static void create(TestDb db, String bag, String coded, String keyed) throws Exception {
        db.run("create table " + bag + " (grp int, name varchar(20), qty decimal(8,2))",
            "create table " + coded + " (code varchar(10) not null, label varchar(20), note varchar(20))",
            "create unique index " + coded + "_u on " + coded + " (code)",
            "create unique index " + coded + "_n on " + coded + " (note)", // nullable: not a key
            "create table " + keyed + " (id int primary key, v int)");
    }

    private static void fill(TestDb a, String bag, String coded, String keyed) throws Exception {
        try (Connection c = a.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into " + bag + " values (?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    // Every seventh row twice, every row of grp 0 with a NULL name.
                    for (int copy = 0; copy < (i % 7 == 0 ? 2 : 1); copy++) {
                        ps.setInt(1, i % 10);
                        ps.setString(2, i % 10 == 0 ? null : "n" + i);
                        ps.setBigDecimal(3, new java.math.BigDecimal(i).movePointLeft(1));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + coded + " values (?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    ps.setString(1, "c" + i);
                    ps.setString(2, "label " + i);
                    ps.setString(3, i % 2 == 0 ? null : "note " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into " + keyed + " values (?, ?)")) {
                for (int i = 0; i < 50; i++) {
                    ps.setInt(1, i);
                    ps.setInt(2, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static List<String> sorted(TestDb db, String table) throws Exception {
        return db.rows("select * from " + table).stream().sorted().toList();
    }

    private static Verify.Builder verify(TestDb a, TestDb b, List<String> tables) {
        return Verify.builder(a::connect, b::connect).tables(tables).chunkSize(50);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void backfillVerifyAndRepairWithoutAPrimaryKey(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String bag = name("nk");
        String coded = name("uk");
        String keyed = name("pk");
        List<String> all = List.of(bag, coded, keyed);
        create(a, bag, coded, keyed);
        create(b, bag, coded, keyed);
        fill(a, bag, coded, keyed);
        // B already holds a mirrored row of each: never duplicated by the backfill.
        b.run("insert into " + bag + " values (1, 'n1', 0.1)", "insert into " + coded + " values ('c1', 'label 1', 'note 1')");

        Backfill.Result copied = Backfill.builder(a::connect, b::connect).tables(all).run("nk-" + java.util.UUID.randomUUID())
            .chunkSize(50).build().run();
        assertThat(copied.status().complete()).isTrue();
        for (String t : all) {
            assertThat(sorted(b, t)).as(t).isEqualTo(sorted(a, t));
        }
        assertThat(b.rows("select count(*) from " + bag)).containsExactly(String.valueOf(ROWS + (ROWS + 6) / 7));

        // A second run of a finished table copies nothing more.
        Backfill.builder(a::connect, b::connect).tables(List.of(bag)).run("nk-" + java.util.UUID.randomUUID())
            .chunkSize(50).build().run();
        assertThat(sorted(b, bag)).isEqualTo(sorted(a, bag));

        VerifyReport equal = verify(a, b, all).build().run();
        assertThat(equal.equal()).as(equal.text()).isTrue();
        assertThat(equal.text()).contains(bag + " (by whole rows (no key on A nor B))")
            .containsPattern(coded + " \\(by unique index " + "\\S+" + " \\[code\\]\\)")
            .contains(keyed + ": A 50 rows");
        assertThat(equal.tables().get(2).walk()).isEqualTo("primary key [id]");

        // Planted on B: one copy of a duplicated row gone, a row of its own, a value changed; a
        // changed label in the table keyed by its unique index.
        b.run("delete from " + bag + " where name = 'n7'", "insert into " + bag + " values (7, 'n7', 0.7)",
            "insert into " + bag + " values (3, 'only on B', 1.5)",
            "update " + bag + " set qty = 99 where name = 'n11'",
            "update " + coded + " set label = 'changed' where code = 'c5'");
        Path keys = dir.resolve("keys.jsonl");
        VerifyReport report;
        try (KeyFile kf = KeyFile.create(keys)) {
            report = verify(a, b, all).sink(kf).build().run();
        }
        TableReport bagReport = report.tables().get(0);
        assertThat(bagReport.walk()).startsWith("whole rows");
        assertThat(bagReport.missing()).as(report.text()).isEqualTo(2); // the lost copy of n7, n11 as it was
        assertThat(bagReport.extra()).isEqualTo(2);                     // 'only on B', n11 as changed
        assertThat(bagReport.listed()).extracting(d -> d.kind().value() + " " + d.key().get(1))
            .containsExactlyInAnyOrder("missing n7", "missing n11", "extra only on B", "extra n11");
        assertThat(report.tables().get(1).listed()).extracting(d -> d.kind().value() + " " + d.key() + " " + d.columns())
            .containsExactly("changed [c5] [" + (ea == Engine.H2 ? "LABEL" : "label") + "]");
        assertThat(report.tables().get(2).differences()).isZero();

        // Repair from the key file (as 'dualaccess repair --keys'), dry run first.
        StringWriter dry = new StringWriter();
        try (Connection ca = a.connect(); Connection cb = b.connect();
             Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), true, new PrintWriter(dry))) {
            java.util.Map<String, TablePair> pairs = new java.util.HashMap<>();
            for (String t : all) {
                pairs.put(t, TablePair.read(ca, cb, t));
            }
            for (Difference d : KeyFile.read(keys, t -> pairs.get(t).a().identity())) {
                repair.accept(pairs.get(d.table()), d);
            }
            assertThat(repair.counts()).isEqualTo(new Repair.Counts(2, 1, 2, 0));
        }
        assertThat(dry.toString()).contains("would insert " + bag + " row [7,\"n7\",").contains("would delete " + bag + " row [3,\"only on B\",");
        assertThat(Files.readAllLines(keys)).hasSize(5);
        try (Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), false, null)) {
            verify(a, b, all).sink(repair).build().run();
            assertThat(repair.counts().changes()).isEqualTo(5);
        }
        assertThat(verify(a, b, all).build().run().equal()).isTrue();
        for (String t : all) {
            assertThat(sorted(b, t)).as(t).isEqualTo(sorted(a, t));
        }
        for (String t : all) {
            a.run("drop table " + t);
            b.run("drop table " + t);
        }
    }
}
