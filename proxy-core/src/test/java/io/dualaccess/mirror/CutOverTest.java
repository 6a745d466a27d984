package io.dualaccess.mirror;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.route.SequenceAlignment;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cut-over: keys mirrored from A, B's generators aligned, then {@code rampdown} (B answers, A
 * mirrored and kept whole for rollback) and {@code complete} (B only).
 */
class CutOverTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void dualWriteThenAlignThenRampdownThenComplete(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "cut_" + ProcessHandle.current().pid() + "_" + engine.ordinal();
        for (TestDb db : List.of(a, b)) {
            db.run("drop table if exists " + t, "create table " + t + " (id " + engine.identity() + ", v varchar(20))");
        }
        a.run("insert into " + t + " (v) values ('before-1')", "insert into " + t + " (v) values ('before-2')", "delete from " + t);
        try (DualAccessDataSource ds = build(a, b, Phase.DUAL_WRITE); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("insert into " + t + " (v) values ('dual-1'), ('dual-2')");
        }
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            List<SequenceAlignment.Result> r = SequenceAlignment.align(ca, cb, List.of(t));
            assertThat(r).singleElement().satisfies(x -> assertThat(x.next()).isEqualTo(x.maxA() + 1));
        }
        long rampdownKey;
        try (DualAccessDataSource ds = build(a, b, Phase.RAMPDOWN); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into " + t + " (v) values (?)", Statement.RETURN_GENERATED_KEYS)) {
            assertThat(c.getMetaData().getURL()).as("B answers in rampdown").contains(urlTail(b));
            ps.setString(1, "rampdown");
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                rampdownKey = keys.getLong(1);
            }
        }
        String q = "select id, v from " + t + " order by id";
        assertThat(a.rows(q)).as("A kept whole for rollback").isEqualTo(b.rows(q)).hasSize(3);
        assertThat(b.rows("select v from " + t + " where id = " + rampdownKey)).containsExactly("rampdown");
        try (DualAccessDataSource ds = build(a, b, Phase.COMPLETE); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("insert into " + t + " (v) values ('complete')");
        }
        assertThat(b.rows(q)).hasSize(4);
        assertThat(a.rows(q)).as("A no longer written").hasSize(3);
        assertThat(Files.exists(dir.resolve("journal.jsonl")) ? Files.readAllLines(dir.resolve("journal.jsonl")) : List.of()).isEmpty();
        a.run("drop table " + t);
        b.run("drop table " + t);
    }

    private static String urlTail(TestDb db) {
        return db.url().substring(db.url().lastIndexOf('/') + 1).split(";")[0].split("\\?")[0];
    }

    private DualAccessDataSource build(TestDb a, TestDb b, Phase phase) throws Exception {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(phase)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build();
    }
}
