package io.dualaccess.mirror;

import io.dualaccess.source.KeptStatements;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mirror's statements on B are kept on B's pooled connection across transactions
 * ({@link KeptStatements}): a text mirrored again in a later transaction binds the statement
 * prepared for it before; a statement that failed on B is closed and prepared anew by the next
 * write of its text; and what B's transactions hold is still committed or rolled back as A's.
 */
class KeptStatementsTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    private String table() {
        return "ks_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    /** One connection in B's pool, so every transaction's mirror runs on the same one. */
    private DualAccessDataSource dualWrite(TestDb a, TestDb b) throws Exception {
        return DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.b.pool.max-size", "1")
            // Each write sent at once, one statement per text: the statements kept are the writes' own
            // (a pipeline keeps its joined text the same way: WritePipelineTest).
            .set("dualaccess.mirror.pipeline", "off")
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build();
    }

    private List<String> journal() throws Exception {
        Path j = dir.resolve("journal.jsonl");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    private static void insert(Connection c, String t, int id, boolean commit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + t + " (id, v) values (?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, "v" + id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement ps = c.prepareStatement("update " + t + " set v = ? where id = ?")) {
            ps.setString(1, "v" + id + "u");
            ps.setInt(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        if (commit) {
            c.commit();
        } else {
            c.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void aTextMirroredInLaterTransactionsBindsTheStatementPreparedForItBefore(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = table();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + t + " (id int primary key, v varchar(40))");
        }
        try (DualAccessDataSource ds = dualWrite(a, b)) {
            KeptStatements kept = null;
            List<PreparedStatement> first;
            try (Connection c = ds.getConnection()) {
                kept = ds.runtime().mirror().keptStatements();
                c.setAutoCommit(false);
                insert(c, t, 1, true);
                first = new ArrayList<>(kept.all());
                assertThat(first).as("the insert's and the update's statements, kept on B's connection").hasSize(2);
                for (int id = 2; id <= 6; id++) {
                    insert(c, t, id, id != 4); // transaction 4 rolls back: B's does too
                }
            }
            // Another application connection, the same B connection: the same statements again.
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                insert(c, t, 7, true);
            }
            assertThat(kept.all()).as("no statement prepared again").containsExactlyInAnyOrderElementsOf(first);
            for (PreparedStatement ps : first) {
                assertThat(ps.isClosed()).isFalse();
            }
        }
        String q = "select id, v from " + t + " order by id";
        assertThat(b.rows(q)).isEqualTo(a.rows(q)).hasSize(6).doesNotContain("4|v4u");
        assertThat(journal()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void aKeptStatementThatFailedOnBIsClosedAndTheNextWriteOfItsTextPreparesItAgain(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = table();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + t + " (id int primary key, v varchar(40))");
        }
        b.run("insert into " + t + " (id, v) values (2, 'only on B')");
        try (DualAccessDataSource ds = dualWrite(a, b); Connection c = ds.getConnection()) {
            KeptStatements kept = ds.runtime().mirror().keptStatements();
            c.setAutoCommit(false);
            insert(c, t, 1, true);
            List<PreparedStatement> first = new ArrayList<>(kept.all());
            // A inserts 2; B refuses it (its row 2 is there): the transaction is journaled, B's rolled back.
            insert(c, t, 2, true);
            PreparedStatement failed = null;
            for (PreparedStatement ps : first) {
                if (!kept.all().contains(ps)) {
                    failed = ps;
                }
            }
            assertThat(failed).as("the insert's statement, dropped after its failure").isNotNull();
            assertThat(failed.isClosed()).isTrue();
            insert(c, t, 3, true);
            assertThat(kept.all()).hasSize(2).doesNotContain(failed);
        }
        assertThat(b.rows("select id, v from " + t + " order by id")).containsExactly("1|v1u", "2|only on B", "3|v3u");
        // The refused transaction, journaled whole: B's insert that failed and the update skipped after it.
        assertThat(journal()).hasSize(2).allMatch(l -> l.contains("\"value\":2}"));
    }
}
