package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee 3 at scale: 5 million rows streamed through the proxy in {@code shadow-read}
 * (PostgreSQL as A and B), digested on the application's thread and replayed on B, in a JVM whose
 * whole heap is 256 MiB ({@code -Pheavy} runs it with {@code -Xmx256m}). A copy of the result on
 * either side would need several times that.
 */
class StreamingHeapHeavyTest {

    static final int ROWS = 5_000_000;

    @TempDir
    Path dir;

    @Test
    void fiveMillionRowsStreamThroughShadowReadInA256MiBHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Pheavy (-Xmx256m)").isLessThanOrEqualTo(300L << 20);
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = "stream_" + ProcessHandle.current().pid();
        for (TestDb db : List.of(a, b)) {
            db.run("drop table if exists " + t,
                "create table " + t + " (id bigint primary key, name varchar(40), amount numeric(12,2), at timestamp)",
                "insert into " + t + " select g, 'row-' || g, g * 0.01, timestamp '2026-01-01' + g * interval '1 second'"
                    + " from generate_series(1, " + ROWS + ") g");
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.b.statement-timeout", "600s")
                .build();
             Connection c = ds.getConnection()) {
            // PostgreSQL streams only inside a transaction with a fetch size.
            c.setAutoCommit(false);
            long rows = 0;
            long sum = 0;
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1000);
                try (ResultSet rs = s.executeQuery("select id, name, amount, at from " + t + " order by id")) {
                    while (rs.next()) {
                        rows++;
                        sum += rs.getLong(1);
                        rs.getString(2);
                        rs.getBigDecimal(3);
                        rs.getTimestamp(4);
                    }
                }
            }
            c.commit();
            assertThat(rows).isEqualTo(ROWS);
            assertThat(sum).isEqualTo((long) ROWS * (ROWS + 1) / 2);
            String event = null;
            for (int i = 0; i < 1200 && event == null; i++) {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                event = lines.isEmpty() ? null : lines.get(0);
                if (event == null) {
                    Thread.sleep(500);
                }
            }
            assertThat(event).as("the replay on B finished").isNotNull()
                .contains("\"outcome\":\"match\"", "\"a\":{\"rows\":" + ROWS, "\"b\":{\"rows\":" + ROWS);
        } finally {
            for (TestDb db : List.of(a, b)) {
                db.run("drop table if exists " + t);
            }
        }
    }
}
