package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.FaultyDriver;
import io.dualaccess.testing.FaultyDriver.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A shadow read that times out on B is reported as a timeout, whatever cleaning up B's connection does (issue 14, finding 6). */
class ShadowReplayFailureTest {

    @TempDir
    Path dir;

    @Test
    void aRollbackErrorAfterATimeoutDoesNotReplaceTheTimeout() throws Exception {
        Faults a = FaultyDriver.h2("a");
        Faults b = FaultyDriver.h2("b");
        for (Faults f : List.of(a, b)) {
            try (Connection c = f.direct(); Statement s = c.createStatement()) {
                s.execute("create table t (id int primary key)");
                s.execute("insert into t values (1)");
            }
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), "sa", "")
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection()) {
            b.fail("Statement.executeQuery", "57014");
            b.fail("Connection.rollback");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                && Files.readAllLines(log).stream().anyMatch(l -> l.contains("\"kind\":\"read\"")));
        }
        assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains("\"kind\":\"read\""))
            .isNotEmpty().allMatch(l -> l.contains("\"outcome\":\"timeout\""));
    }
}
