package io.dualaccess.journal;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A transaction that committed on both sides leaves no open intent: a restart must not report it. */
class IntentCompletionTest {

    @TempDir
    Path dir;

    @Test
    void aCommittedTransactionCompletesItsIntent() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        a.run("create table t (id int primary key, v int)");
        b.run("create table t (id int primary key, v int)");
        Path journal = dir.resolve("journal.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
            .phase(Phase.SHADOW).set("dualaccess.journal.file", journal.toString()).build()) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("insert into t values (1, 1)");
                    st.executeUpdate("update t set v = 2 where id = 1");
                }
                c.commit();
                c.setAutoCommit(true);
            }
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("insert into t values (2, 1)");
            }
        }
        assertThat(DivergenceJournal.unfinished(journal)).isEmpty();
    }
}
