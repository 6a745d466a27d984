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
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify across engines finds each planted difference (missing, extra inside and past A's range,
 * changed), reports nothing for values that differ only within the normalisation (decimal scale,
 * floating-point noise), re-reads before reporting, and repair makes B equal again.
 */
class VerifyTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final int ROWS = 1_500;

    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        return List.of(
            Arguments.of(Engine.POSTGRESQL, Engine.MARIADB),
            Arguments.of(Engine.H2, Engine.POSTGRESQL),
            Arguments.of(Engine.H2, Engine.H2));
    }

    private static String table() {
        return "vf_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    private static String doubleType(Engine e) {
        return e == Engine.MARIADB ? "double" : "double precision";
    }

    /** A and B equal after a backfill, then the planted differences. */
    private void plant(Engine ea, Engine eb, TestDb a, TestDb b, String t) throws Exception {
        a.run("create table " + t + " (id int primary key, name varchar(40), price decimal(10,2), amount "
            + doubleType(ea) + ", created timestamp)");
        b.run("create table " + t + " (id int primary key, name varchar(40), price decimal(12,3), amount "
            + doubleType(eb) + ", created " + (eb == Engine.MARIADB ? "datetime(6)" : "timestamp") + ")");
        try (Connection c = a.connect(); PreparedStatement ps = c.prepareStatement("insert into " + t + " values (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= ROWS; i++) {
                ps.setInt(1, i);
                ps.setString(2, i % 11 == 0 ? null : "name " + i);
                ps.setBigDecimal(3, new java.math.BigDecimal(i).movePointLeft(2));
                ps.setDouble(4, i == 400 ? 0.1 + 0.2 : i / 8.0);
                ps.setObject(5, java.time.LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i * 37L).plusNanos(i * 1000L));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
        // A run of its own: one named after the table (and so the pid) could be an earlier JVM's finished run.
        Backfill.builder(a::connect, b::connect).tables(List.of(t)).run("verify-" + java.util.UUID.randomUUID())
            .chunkSize(500).build().run();
        a.run("delete from " + t + " where id = 700");             // B keeps it: extra inside A's range
        b.run("delete from " + t + " where id = 100",               // missing
            "insert into " + t + " (id, name) values (5000, 'only on B')", // extra past A's last key
            "update " + t + " set name = 'changed' where id = 200",  // changed name
            "update " + t + " set price = 5.01 where id = 500",      // changed price
            "update " + t + " set amount = 0.3 where id = 400",      // 0.30000000000000004 on A: within float-tolerance
            "update " + t + " set price = 3.000 where id = 300");    // 3.00 on A: equal by value
    }

    private static Verify.Builder verify(TestDb a, TestDb b, String t) {
        return Verify.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(200);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void findsEachPlantedDifferenceAndRepairMakesBEqual(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        plant(ea, eb, a, b, t);

        Path keys = dir.resolve("keys.jsonl");
        VerifyReport report;
        try (KeyFile kf = KeyFile.create(keys)) {
            report = verify(a, b, t).sink(kf).build().run();
        }
        TableReport r = report.tables().get(0);
        assertThat(report.equal()).isFalse();
        assertThat(r.rowsA()).isEqualTo(ROWS - 1);
        assertThat(r.rowsB()).isEqualTo(ROWS);
        assertThat(r.missing()).isEqualTo(1);
        assertThat(r.extra()).isEqualTo(2);
        assertThat(r.changed()).isEqualTo(2);
        assertThat(r.transients()).isZero();
        assertThat(r.chunksDiffering()).isEqualTo(4); // 100 and 200 in chunk 1, 500, 700, 5000 (last chunk)
        assertThat(r.listed()).extracting(d -> d.kind().value() + " " + d.key().get(0) + " " + d.columns())
            .containsExactlyInAnyOrder("missing 100 []", "extra 700 []", "extra 5000 []",
                "changed 200 [" + name(ea, "name") + "]", "changed 500 [" + name(ea, "price") + "]");
        assertThat(report.text()).contains(t + ": A 1499 rows, B 1500 rows")
            .contains("1 missing in B, 2 extra in B, 2 changed, 0 transient");
        StringWriter json = new StringWriter();
        report.writeJson(json);
        assertThat(json.toString()).contains("\"equal\" : false").contains("\"missing\" : 1")
            .contains("\"kind\" : \"extra\"");
        assertThat(Files.readAllLines(keys)).hasSize(5)
            .contains("{\"table\":\"" + t + "\",\"kind\":\"missing\",\"key\":[100]}");

        // Dry run: says what it would do, changes nothing.
        StringWriter dry = new StringWriter();
        try (Connection ca = a.connect(); Connection cb = b.connect();
             Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), true, new PrintWriter(dry))) {
            TablePair pair = TablePair.read(ca, cb, t);
            for (Difference d : KeyFile.read(keys, table -> pair.a().key())) {
                repair.accept(pair, d);
            }
            assertThat(repair.counts()).isEqualTo(new Repair.Counts(1, 2, 2, 0));
        }
        assertThat(dry.toString()).contains("would insert " + t + " [100]").contains("would delete " + t + " [5000]")
            .contains("would update " + t + " [500] (" + name(ea, "price") + ")");
        assertThat(verify(a, b, t).build().run().differences()).isEqualTo(5);

        // Repair as part of verify: B equals A afterwards.
        try (Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), false, null)) {
            verify(a, b, t).sink(repair).build().run();
            assertThat(repair.counts().changes()).isEqualTo(5);
        }
        VerifyReport after = verify(a, b, t).build().run();
        assertThat(after.equal()).as(after.text()).isTrue();
        assertThat(after.tables().get(0).rowsB()).isEqualTo(ROWS - 1);
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void aRowFixedDuringTheScanIsTransient(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        plant(ea, eb, a, b, t);
        // The mirror "catches up" on row 200 between the drill-down and the re-read.
        VerifyReport report = verify(a, b, t).beforeRecheck(() -> {
            try {
                b.run("update " + t + " set name = 'name 200' where id = 200");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }).build().run();
        TableReport r = report.tables().get(0);
        assertThat(r.transients()).isEqualTo(1);
        assertThat(r.changed()).isEqualTo(1);
        assertThat(r.listed()).noneMatch(d -> d.key().get(0).equals(200));
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void exactRulesReportWhatNormalisationForgives(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = table();
        plant(ea, eb, a, b, t);
        NormalizationRules noTolerance = NormalizationRules.builder().floatTolerance(0).build();
        TableReport r = verify(a, b, t).rules(noTolerance).build().run().tables().get(0);
        assertThat(r.listed()).anyMatch(d -> d.key().get(0).equals(400) && d.columns().equals(List.of(name(ea, "amount"))));
    }

    // H2 reports column names upper case.
    private static String name(Engine e, String column) {
        return e == Engine.H2 ? column.toUpperCase() : column;
    }
}
