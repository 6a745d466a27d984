package io.dualaccess.mirror;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.Setter;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Parameters cross to the shadow side as snapshots (issue 14, finding 5): a value the application
 * changes after executing is not what the mirror or a shadow worker sends; a read whose parameters
 * cannot be replayed (a stream, a reader, a LOB of A's connection) is skipped, never handed to B.
 */
class ParameterSnapshotTest {

    @TempDir
    Path dir;

    /**
     * Setter calls are recorded in place and become Params only in a snapshot: indexes set out of
     * order, past the first capacity, set again, or left unset snapshot as the calls last made; a
     * snapshot does not change with later calls; clear() forgets them all.
     */
    @Test
    void snapshotsHoldTheLastCallPerIndexWhateverTheOrder() {
        CapturedParameters p = new CapturedParameters();
        assertThat(p.snapshot()).isEmpty();
        p.set(5, Setter.SET_STRING_STRING, "five", null, null);
        p.set(1, Setter.SET_INT_INT, 1, null, null);
        p.set(1, Setter.SET_LONG_LONG, 11L, null, null);
        p.set(3, Setter.SET_NULL_INT, java.sql.Types.INTEGER, null, null);
        p.set(0, Setter.SET_INT_INT, 0, null, null);
        CapturedParameters.Param[] first = p.snapshot();
        assertThat(first).hasSize(5);
        assertThat(first[0]).isEqualTo(new CapturedParameters.Param(1, Setter.SET_LONG_LONG, 11L, null, null));
        assertThat(first[1]).isNull();
        assertThat(first[2]).isEqualTo(new CapturedParameters.Param(3, Setter.SET_NULL_INT, java.sql.Types.INTEGER, null, null));
        assertThat(first[3]).isNull();
        assertThat(first[4]).isEqualTo(new CapturedParameters.Param(5, Setter.SET_STRING_STRING, "five", null, null));
        p.set(40, Setter.SET_STRING_STRING, "forty", null, null);
        p.set(5, Setter.SET_STRING_STRING, "changed", null, null);
        assertThat(first[4].a()).isEqualTo("five");
        CapturedParameters.Param[] second = p.snapshot();
        assertThat(second).hasSize(40);
        assertThat(second[39].a()).isEqualTo("forty");
        assertThat(second[4].a()).isEqualTo("changed");
        p.clear();
        assertThat(p.snapshot()).isEmpty();
        p.set(2, Setter.SET_INT_INT, 2, null, null);
        assertThat(p.snapshot()).containsExactly(null, new CapturedParameters.Param(2, Setter.SET_INT_INT, 2, null, null));
    }

    @Test
    void mutableValuesAreCopiedWhenCaptured() {
        CapturedParameters p = new CapturedParameters();
        byte[] bytes = {1, 2, 3};
        Timestamp ts = Timestamp.valueOf("2024-01-02 03:04:05.123456789");
        java.util.Date date = new java.util.Date(0);
        Calendar cal = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        p.set(1, Setter.SET_BYTES_BYTES, bytes, null, null);
        p.set(2, Setter.SET_TIMESTAMP_TIMESTAMP_CALENDAR, ts, cal, null);
        p.set(3, Setter.SET_OBJECT_OBJECT, date, null, null);
        // The application reuses its objects right after executing.
        bytes[0] = 99;
        ts.setNanos(0);
        ts.setTime(0);
        date.setTime(1_000_000);
        cal.setTimeZone(TimeZone.getTimeZone("Asia/Tokyo"));
        CapturedParameters.Param[] snap = p.snapshot();
        assertThat((byte[]) snap[0].a()).containsExactly(1, 2, 3);
        assertThat(snap[1].a()).isEqualTo(Timestamp.valueOf("2024-01-02 03:04:05.123456789"));
        assertThat(((Calendar) snap[1].b()).getTimeZone().getID()).isEqualTo("UTC");
        assertThat(((java.util.Date) snap[2].a()).getTime()).isZero();
    }

    @Test
    void aShadowedReadWithAStreamParameterIsSkippedAsUnreplayable() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        for (TestDb db : List.of(a, b)) {
            db.run("create table p (id int primary key, v varchar(20), data varbinary(10))",
                "insert into p values (1, 'x', X'0102')");
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select id from p where v = ?")) {
                ps.setCharacterStream(1, new StringReader("x"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select id from p where data = ?")) {
                ps.setBinaryStream(1, new ByteArrayInputStream(new byte[] {1, 2}));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                && Files.readAllLines(log).stream().filter(l -> l.contains("\"unreplayable_parameter\"")).count() == 2);
        }
        assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains("\"kind\":\"read\""))
            .allMatch(l -> l.contains("\"outcome\":\"skipped\"") && l.contains("unreplayable_parameter"));
    }
}
