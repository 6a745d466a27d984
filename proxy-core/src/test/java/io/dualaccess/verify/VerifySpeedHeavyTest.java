package io.dualaccess.verify;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify of two equal 1M-row tables ({@code -Pheavy}): PostgreSQL→PostgreSQL and
 * PostgreSQL→MariaDB, ranges hashed inside the databases. Prints rows per second; then one
 * changed row is found.
 */
class VerifySpeedHeavyTest {

    static List<Arguments> pairs() {
        return List.of(Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL), Arguments.of(Engine.POSTGRESQL, Engine.MARIADB));
    }

    private static String ddl(Engine e, String t) {
        boolean pg = e == Engine.POSTGRESQL;
        return "create table " + t + " (id bigint primary key, customer int not null, total numeric(12,2), note varchar(60), created "
            + (pg ? "timestamp" : "datetime(6)") + ")";
    }

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void millionEqualRows(Engine ea, Engine eb) throws Exception {
        int rows = Integer.getInteger("verify.rows", 1_000_000);
        TestDb a = ea.a();
        TestDb b = eb.b();
        String t = "vs" + ProcessHandle.current().pid();
        a.run("drop table if exists " + t, ddl(ea, t), "insert into " + t + " select g, g % 9973, (g % 100000) / 100.0, 'order ' || g,"
            + " timestamp '2024-01-01' + g * interval '1 second' from generate_series(1, " + rows + ") g", "analyze " + t);
        b.run("drop table if exists " + t, ddl(eb, t));
        if (eb == Engine.POSTGRESQL) {
            b.run("insert into " + t + " select g, g % 9973, (g % 100000) / 100.0, 'order ' || g,"
                + " timestamp '2024-01-01' + g * interval '1 second' from generate_series(1, " + rows + ") g", "analyze " + t);
        } else {
            b.run("insert into " + t + " select seq, seq % 9973, (seq % 100000) / 100.0, concat('order ', seq),"
                + " timestamp '2024-01-01 00:00:00' + interval seq second from seq_1_to_" + rows, "analyze table " + t);
        }
        try {
            long t0 = System.nanoTime();
            VerifyReport r = Verify.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(1000).build().run();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("verify %s->%s, %d equal rows: %.2f s = %.0f rows/s%n", ea, eb, rows, s, rows / s);
            assertThat(r.equal()).as(r.text()).isTrue();
            assertThat(r.tables().get(0).rowsA()).isEqualTo(rows);
            b.run("update " + t + " set note = 'changed' where id = " + rows / 2);
            t0 = System.nanoTime();
            r = Verify.builder(a::connect, b::connect).tables(List.of(t)).chunkSize(1000).build().run();
            s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("verify %s->%s, one changed row in %d: %.2f s = %.0f rows/s%n", ea, eb, rows, s, rows / s);
            assertThat(r.tables().get(0).changed()).isEqualTo(1);
        } finally {
            a.run("drop table if exists " + t);
            b.run("drop table if exists " + t);
        }
    }
}
