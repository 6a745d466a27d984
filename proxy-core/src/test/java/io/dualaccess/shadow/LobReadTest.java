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

/**
 * LOB columns of a shadowed read are never read on the application's thread before the application
 * reads them (issue 14, finding 7): on a driver that hands each LOB out once per row, the application
 * still gets its value; the comparison leaves the column out and says so in the event.
 */
class LobReadTest {

    @TempDir
    Path dir;

    @Test
    void theApplicationReadsItsLobFirstAndTheEventNamesItNotCompared() throws Exception {
        Faults a = FaultyDriver.h2("a");
        Faults b = FaultyDriver.h2("b");
        for (Faults f : List.of(a, b)) {
            try (Connection c = f.direct(); Statement s = c.createStatement()) {
                s.execute("create table docs (id int primary key, body clob, data blob)");
                s.execute("insert into docs values (1, 'text one', X'0102'), (2, 'text two', X'0304')");
            }
        }
        a.singlePassLobs();
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), "sa", "")
                .phase(Phase.SHADOW_READ)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id, body, data from docs order by id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("text one");
                assertThat(rs.getBytes(3)).containsExactly(1, 2);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("body")).isEqualTo("text two");
                assertThat(rs.next()).isFalse();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                && Files.readAllLines(log).stream().anyMatch(l -> l.contains("\"kind\":\"read\"")));
        }
        String event = Files.readAllLines(log).stream().filter(l -> l.contains("\"kind\":\"read\"")).findFirst().orElseThrow();
        assertThat(event).contains("\"outcome\":\"match\"").contains("\"not_compared\":[\"body\",\"data\"]")
            .contains("\"not_compared_reason\":\"lob_not_read_before_application\"");
    }
}
