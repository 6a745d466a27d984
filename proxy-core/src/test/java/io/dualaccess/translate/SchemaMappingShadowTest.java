package io.dualaccess.translate;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.backfill.Backfill;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
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
 * A table and a column renamed on B ({@code dualaccess.map.file}), A on PostgreSQL and B on
 * MariaDB: writes are mirrored to B's names, reads compared column by column under A's labels,
 * and backfill and verify pair A's table and columns with B's.
 */
class SchemaMappingShadowTest {

    @TempDir
    Path dir;

    @Test
    void renamedTableAndColumnAreMirroredAndCompared() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.MARIADB.b();
        a.run("drop table if exists map_orders", "create table map_orders (id bigint primary key, cust_id bigint, total numeric(10,2))");
        b.run("drop table if exists customer_orders",
            "create table customer_orders (id bigint primary key, customer_id bigint, total decimal(10,2))");
        Path map = dir.resolve("mapping.properties");
        Files.write(map, List.of("# A's names = B's names", "map_orders = customer_orders", "map_orders.cust_id = customer_id"));
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .set("dualaccess.map.file", map.toString())
                // Each statement's translation in its own line: one line per statement.
                .set("dualaccess.log.aggregate", "none")
                .build();
             Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into map_orders (id, cust_id, total) values (?, ?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setLong(1, i);
                    ps.setLong(2, 100 + i % 2);
                    ps.setBigDecimal(3, new java.math.BigDecimal(i + ".50"));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("update map_orders set total = total + 1 where cust_id = ?")) {
                ps.setLong(1, 101);
                assertThat(ps.executeUpdate()).isEqualTo(2);
            }
            try (PreparedStatement ps = c.prepareStatement("select o.id, o.cust_id, o.total from map_orders o where o.cust_id = ? order by o.id")) {
                ps.setLong(1, 101);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        assertThat(rs.getLong("cust_id")).isEqualTo(101);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select * from map_orders order by id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
            awaitLines(log, 6);
        }
        List<String> events = Files.readAllLines(log);
        assertThat(events).hasSize(6).allSatisfy(e -> assertThat(e).contains("\"outcome\":\"match\"", "\"translated\":true"));
        assertThat(events.get(0)).contains("insert into customer_orders (id, customer_id, total) values (?, ?, ?)");
        // The two reads are replayed by two shadow workers: their events may be written in either order.
        assertThat(events.subList(4, 6)).anySatisfy(e -> assertThat(e).contains("o.customer_id as cust_id", "from customer_orders as o"));
        assertThat(b.rows("select id, customer_id, total from customer_orders order by id"))
            .containsExactly("1|101|2.5", "2|100|2.5", "3|101|4.5");

        // Rows A had before mirroring began: backfill copies them to B's names, verify compares through the mapping.
        a.run("insert into map_orders values (10, 7, 70.00), (11, 8, 80.00)");
        SchemaMapping mapping = SchemaMapping.read(map);
        assertThat(Verify.builder(a::connect, b::connect).mapping(mapping).tables(List.of("map_orders")).build().run()
            .differences()).isEqualTo(2);
        Backfill.builder(a::connect, b::connect).mapping(mapping).tables(List.of("map_orders")).run("mapping-test-" + System.nanoTime()).build().run();
        VerifyReport after = Verify.builder(a::connect, b::connect).mapping(mapping).tables(List.of("map_orders")).build().run();
        assertThat(after.equal()).as(after.text()).isTrue();
        assertThat(b.rows("select id, customer_id, total from customer_orders order by id"))
            .containsExactly("1|101|2.5", "2|100|2.5", "3|101|4.5", "10|7|70", "11|8|80");
        a.run("drop table map_orders");
        b.run("drop table customer_orders");
    }

    private static void awaitLines(Path log, int n) {
        Waits.lines(log, n);
    }
}
