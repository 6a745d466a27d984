package io.dualaccess.repair;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.verify.Verify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code repair --from-journal} at speed, PostgreSQL→PostgreSQL (heavy profile: {@code -Pheavy}):
 * a journal naming a table in which B lacks 40,000 of A's rows and holds 10,000 others with a
 * stale value; the same code path as the command (the journal's tables, verify, repair as its
 * sink). Prints the rate; B equals A afterwards.
 */
class RepairSpeedHeavyTest {

    @TempDir
    Path dir;

    @Test
    void repairFromJournalRepairsThousandsOfRowsPerSecond() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = "rs" + ProcessHandle.current().pid();
        int rows = Integer.getInteger("repair.rows", 60_000);
        int stale = rows / 6;
        int missing = rows * 4 / 6;
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("drop table if exists " + t, "create table " + t + " (id bigint primary key, customer int not null, total numeric(12,2) not null, note varchar(40))");
        }
        a.run("insert into " + t + " select g, g % 977, g * 1.25, 'order ' || g from generate_series(1, " + rows + ") g");
        // B has the first rows - missing, the last `stale` of them with another total.
        b.run("insert into " + t + " select g, g % 977, case when g > " + (rows - missing - stale) + " then 0 else g * 1.25 end, 'order ' || g"
            + " from generate_series(1, " + (rows - missing) + ") g");
        Path journal = dir.resolve("journal.jsonl");
        Files.writeString(journal, "{\"ts\":\"2026-12-07T00:00:00Z\",\"reason\":\"skipped:breaker_open\",\"tx\":\"1-1\",\"sql\":\"insert into " + t
            + " values (?, ?, ?, ?)\",\"params\":[],\"tables\":[\"" + t + "\"],\"a_count\":1,\"b_count\":-1,\"fingerprint\":\"x\"}\n");
        long verifyStart = System.nanoTime();
        Verify.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(1000).build().run();
        System.out.printf("verify alone (no repair): %.2f s%n", (System.nanoTime() - verifyStart) / 1e9);
        long start = System.nanoTime();
        Repair.Counts counts;
        try (Repair repair = new Repair(a::connect, b::connect, NormalizationRules.defaults(), false, null)) {
            Verify.builder(a::connect, b::connect).tables(Repair.journalTables(journal)).chunkSize(1000).sink(repair).build().run();
            counts = repair.counts();
            assertThat(repair.unequal()).isEmpty();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long repaired = counts.changes();
        System.out.printf("repair --from-journal PostgreSQL->PostgreSQL: %d rows repaired (%d inserted, %d updated) of %d in %.2f s: %.0f rows/s%n",
            repaired, counts.inserted(), counts.updated(), rows, seconds, repaired / seconds);
        assertThat(repaired).isEqualTo(missing + stale);
        assertThat(Verify.builder(a::connect, b::connect).tables(List.of(t)).build().run().equal()).isTrue();
        a.run("drop table " + t);
        b.run("drop table " + t);
    }
}
