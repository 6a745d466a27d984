package io.dualaccess.backfill;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfill between two PostgreSQL tables, where pages are piped from A's {@code COPY} with their
 * key bounds written as literals: keys of text (quotes, a backslash, which takes the other
 * renderer), uuid, timestamp, date and numeric, in pages of 7 rows, with some rows already in B.
 * Every row arrives once, B's own rows stay as they were.
 */
class BackfillKeyTypesTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final int ROWS = 50;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "uuid", "timestamp", "date", "numeric(10,2)"})
    void pagesWithLiteralBoundsCopyEveryRowOnce(String type) throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String t = "bk" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        for (TestDb db : new TestDb[] {a, b}) {
            db.run("create table " + t + " (k " + type + " primary key, v varchar(20))");
        }
        for (int i = 0; i < ROWS; i++) {
            a.run("insert into " + t + " values (" + key(type, i) + ", 'v" + i + "')");
        }
        // B already holds two of A's rows (the mirror wrote them, with newer values)
        b.run("insert into " + t + " values (" + key(type, 3) + ", 'newer')", "insert into " + t + " values (" + key(type, 30) + ", 'newer')");
        try {
            Backfill.Result r = Backfill.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(7)
                .run("test-" + UUID.randomUUID()).build().run();
            assertThat(r.status().complete()).isTrue();
            assertThat(b.rows("select count(*), count(distinct k) from " + t)).containsExactly(ROWS + "|" + ROWS);
            assertThat(b.rows("select count(*) from " + t + " where v = 'newer'")).containsExactly("2");
            b.run("update " + t + " set v = 'v3' where k = " + key(type, 3), "update " + t + " set v = 'v30' where k = " + key(type, 30));
            VerifyReport v = Verify.builder(a::connect, b::connect).tables(List.of(t)).build().run();
            assertThat(v.equal()).as(v.text()).isTrue();
        } finally {
            a.run("drop table if exists " + t);
            b.run("drop table if exists " + t);
        }
    }

    private static String key(String type, int i) {
        return switch (type) {
            case "text" -> i % 5 == 0 ? "'back\\slash " + i + "'" : i % 5 == 1 ? "'o''neil " + i + "'" : "'key " + i + "'";
            case "uuid" -> "'" + new UUID(i * 7919L, i).toString() + "'";
            case "timestamp" -> "timestamp '2024-03-31 01:59:59.123456' + interval '" + i + " minutes'";
            case "date" -> "date '2023-12-31' + " + i;
            default -> String.valueOf(i * 1.25 - 20);
        };
    }
}
