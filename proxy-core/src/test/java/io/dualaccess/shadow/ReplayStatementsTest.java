package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay on B's own pool runs the statement it prepared on that connection before
 * ({@link ReplayStatements}); the kept statement reads B as it is now: changed rows, and a table
 * changed under it, are compared truthfully.
 */
class ReplayStatementsTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void aKeptStatementReadsBAsItIsNow(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "rs_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        for (TestDb db : List.of(a, b)) {
            db.run("create table " + t + " (id int primary key, name varchar(20))",
                "insert into " + t + " values (1, 'one'), (2, 'two'), (3, 'three')");
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", log.toString())
                // each read's own outcome, in order: one line per statement
                .set("dualaccess.log.aggregate", "none")
                .set("dualaccess.b.statement-timeout", "5s")
                .set("dualaccess.compare.recheck", "false")
                .build();
             Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select id, name from " + t + " where id >= ? order by id")) {
            ShadowReads reads = DualAccessRuntime.of(c).shadowReads();
            int[] events = {0};
            Runnable read = () -> {
                try {
                    ps.setInt(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(2);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                events[0]++;
                assertThat(Waits.lines(log, events[0])).hasSize(events[0]);
            };
            for (int i = 0; i < 3; i++) {
                read.run();
            }
            assertThat(Waits.lines(log, 3)).allMatch(l -> l.contains("\"outcome\":\"match\""));
            // The replays ran a statement kept on B's connection, not one prepared per replay (on MariaDB
            // on B's read pool, its timeout carried in the statement).
            assertThat(reads.replayStatements().size()).isPositive();

            b.run("update " + t + " set name = 'TWO' where id = 2");
            read.run();
            assertThat(Waits.lines(log, events[0]).get(events[0] - 1)).contains("\"outcome\":\"mismatch\"");

            // The table changes under the kept statement: at worst one replay fails, then B is read as it is.
            b.run("update " + t + " set name = 'two' where id = 2",
                "alter table " + t + " add column extra int",
                engine == Engine.MARIADB ? "alter table " + t + " modify name varchar(40)"
                    : engine == Engine.POSTGRESQL ? "alter table " + t + " alter column name type varchar(40)"
                    : "alter table " + t + " alter column name varchar(40)");
            read.run();
            read.run();
            List<String> lines = Waits.lines(log, events[0]);
            assertThat(lines.get(events[0] - 1)).contains("\"outcome\":\"match\"");
            b.run("delete from " + t + " where id = 3");
            read.run();
            assertThat(Waits.lines(log, events[0]).get(events[0] - 1)).contains("\"outcome\":\"mismatch\"");
        }
        a.run("drop table " + t);
        b.run("drop table " + t);
    }
}
