package io.dualaccess.verify;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.keyset.ChunkHash;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical texts verify hashes inside the databases are truthful: on equal data, stored in
 * each engine's own types and rendered by each its own way (numeric scale, boolean against
 * tinyint(1), bytea against blob, timestamp against datetime(6), unicode text), not one range
 * differs, so nothing is drilled into; and a one-value change in any column type, including NULL
 * against the empty string, makes the range differ and is reported as the one changed row and column.
 * Each column is checked to be hashed in the database, not left to the client.
 */
class ChunkHashTruthTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final int ROWS = 300;

    static List<Arguments> pairs() {
        return List.of(
            Arguments.of(Engine.POSTGRESQL, Engine.POSTGRESQL),
            Arguments.of(Engine.POSTGRESQL, Engine.MARIADB),
            Arguments.of(Engine.MARIADB, Engine.POSTGRESQL),
            Arguments.of(Engine.MARIADB, Engine.MARIADB));
    }

    private static String ddl(Engine e, String t, boolean a) {
        boolean pg = e == Engine.POSTGRESQL;
        // B's numeric keeps another scale than A's: 1.5 is 1.500 there, equal by value
        return "create table " + t + " (id int primary key, big bigint, amount " + (a ? "numeric(12,2)" : "numeric(14,4)")
            + ", name varchar(40), body " + (pg ? "text" : "longtext") + ", at " + (pg ? "timestamp" : "datetime(6)")
            + ", day date, flag " + (pg ? "boolean" : "tinyint(1)") + ", bin " + (pg ? "bytea" : "blob")
            + ", note varchar(20), code char(5))";
    }

    private static final String[] COLUMNS = {"big", "amount", "name", "body", "at", "day", "flag", "bin", "note", "code"};

    private static void fill(TestDb db) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("insert into " + table + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= ROWS; i++) {
                ps.setInt(1, i);
                ps.setLong(2, i * 10_000_000_000L);
                ps.setBigDecimal(3, new java.math.BigDecimal(i).movePointLeft(1));
                ps.setString(4, i % 7 == 0 ? null : "naïve café " + i + " 😀 Ω");
                ps.setString(5, "line one\nline two\t" + i + ",n:" + "x".repeat(i % 13));
                ps.setObject(6, java.time.LocalDateTime.of(2024, 3, 31, 1, 59, 59).plusSeconds(i).plusNanos(i * 1000L));
                ps.setObject(7, java.time.LocalDate.of(2023, 12, 31).plusDays(i));
                ps.setBoolean(8, i % 2 == 0);
                ps.setBytes(9, new byte[] {(byte) i, 0, (byte) 0xff, 44});
                ps.setString(10, i % 5 == 0 ? "" : i % 3 == 0 ? null : "n" + i);
                ps.setString(11, "ab" + (i % 10));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }

    private static String table;

    @ParameterizedTest(name = "A={0} B={1}")
    @MethodSource("pairs")
    void equalDataHashesAlikeAndEveryOneValueChangeIsFound(Engine ea, Engine eb) throws Exception {
        TestDb a = ea.a();
        TestDb b = eb.b();
        table = "ch_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        a.run(ddl(ea, table, true));
        b.run(ddl(eb, table, false));
        try {
            fill(a);
            fill(b);
            try (Connection ca = a.connect(); Connection cb = b.connect()) {
                ChunkHash hash = ChunkHash.of(TablePair.read(ca, cb, table), NormalizationRules.defaults());
                assertThat(hash).isNotNull();
                assertThat(hash.clientColumns()).as("every column hashed in the database").isEmpty();
                assertThat(hash.hashedColumns()).hasSize(COLUMNS.length + 1);
            }
            List<Boolean> ranges = new ArrayList<>();
            TableReport equal = Verify.builder(a::connect, b::connect).tables(List.of(table)).chunkSize(5)
                .rangeHashed(ranges::add).build().run().tables().get(0);
            assertThat(equal.differences()).isZero();
            assertThat(ranges).as("ranges of 160 rows hashed in the databases").hasSize(2)
                .as("no range of equal data hashes differently").containsOnly(true);
            assertThat(equal.chunksDiffering()).isZero();
            assertThat(equal.rowsA()).isEqualTo(ROWS);

            boolean pgB = eb == Engine.POSTGRESQL;
            List<String[]> changes = new ArrayList<>(List.of(
                new String[] {"big", "big = big + 1", "big = big - 1"},
                new String[] {"amount", "amount = amount + 0.01", "amount = amount - 0.01"},
                new String[] {"name", "name = 'naïve cafe 40 😀 Ω'", "name = 'naïve café 40 😀 Ω'"},
                new String[] {"body", "body = concat(body, ' ')", "body = substr(body, 1, char_length(body) - 1)"},
                new String[] {"at", "at = " + (pgB ? "at + interval '1 microsecond'" : "at + interval 1 microsecond"),
                    "at = " + (pgB ? "at - interval '1 microsecond'" : "at - interval 1 microsecond")},
                new String[] {"day", "day = " + (pgB ? "day + 1" : "day + interval 1 day"),
                    "day = " + (pgB ? "day - 1" : "day - interval 1 day")},
                new String[] {"flag", "flag = not flag", "flag = not flag"},
                new String[] {"bin", "bin = " + (pgB ? "'\\x28' || bin" : "concat(x'28', bin)"),
                    "bin = " + (pgB ? "substr(bin, 2)" : "substr(bin, 2)")},
                new String[] {"code", "code = 'ab0x'", "code = 'ab0'"}));
            for (String[] c : changes) {
                int id = 40;
                b.run("update " + table + " set " + c[1] + " where id = " + id);
                List<Boolean> hashed = new ArrayList<>();
                TableReport r = Verify.builder(a::connect, b::connect).tables(List.of(table)).chunkSize(50)
                    .rangeHashed(hashed::add).build().run().tables().get(0);
                assertThat(hashed).as(c[0] + ": the range holding row 40 hashes differently").containsExactly(false);
                assertThat(r.listed()).as(c[0]).extracting(d -> d.kind().value() + " " + d.key().get(0) + " " + d.columns())
                    .containsExactly("changed " + id + " [" + c[0] + "]");
                b.run("update " + table + " set " + c[2] + " where id = " + id);
                assertThat(verify(a, b).differences()).as(c[0] + " restored").isZero();
            }
            // NULL against the empty string, both ways (row 10: '', row 9: NULL)
            b.run("update " + table + " set note = null where id = 10", "update " + table + " set note = '' where id = 9");
            TableReport r = verify(a, b);
            assertThat(r.listed()).extracting(d -> d.kind().value() + " " + d.key().get(0) + " " + d.columns())
                .containsExactlyInAnyOrder("changed 9 [note]", "changed 10 [note]");
        } finally {
            a.run("drop table if exists " + table);
            b.run("drop table if exists " + table);
        }
    }

    private static TableReport verify(TestDb a, TestDb b) throws Exception {
        VerifyReport report = Verify.builder(a::connect, b::connect).tables(List.of(table)).chunkSize(50).build().run();
        return report.tables().get(0);
    }
}
