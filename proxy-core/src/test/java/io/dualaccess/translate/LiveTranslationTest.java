package io.dualaccess.translate;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phase {@code live}: B (MariaDB) answers and the application speaks B's SQL; the writes mirrored
 * to A (PostgreSQL) and the reads replayed there are B's SQL translated for A.
 */
class LiveTranslationTest {

    @TempDir
    Path dir;

    @Test
    void bsSqlIsTranslatedForA() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.MARIADB.b();
        a.run("drop table if exists live_tags", "create table live_tags (id bigint primary key, name varchar(20) unique)");
        b.run("drop table if exists live_tags", "create table live_tags (id bigint primary key, name varchar(20) unique)");
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.LIVE)
                .set("dualaccess.a.dialect", "postgres")
                // Each statement's translation in its own line: one line per statement.
                .set("dualaccess.log.aggregate", "none")
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert ignore into live_tags (id, name) values (?, ?)")) {
                for (long i = 1; i <= 4; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, i == 4 ? "tag1" : "tag" + i);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select `id`, ifnull(`name`, '-') from `live_tags` order by `id` limit ?, ?")) {
                ps.setInt(1, 1);
                ps.setInt(2, 5);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            Waits.lines(log, 5);
        }
        List<String> events = Files.readAllLines(log);
        assertThat(events).hasSize(5).allSatisfy(e -> assertThat(e).contains("\"outcome\":\"match\"", "\"translated\":true"));
        // A is the shadow side: its object names the SQL it ran.
        assertThat(events.get(0)).contains("\"a\":{", "on conflict do nothing");
        assertThat(events.get(4)).contains("offset ? rows fetch next ? rows only", "coalesce(\\\"name\\\"", "\"kind\":\"read\"");
        assertThat(a.rows("select id, name from live_tags order by id")).containsExactly("1|tag1", "2|tag2", "3|tag3");
        a.run("drop table live_tags");
        b.run("drop table live_tags");
    }
}
