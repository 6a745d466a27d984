package io.dualaccess.sample;

import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop as the compose file runs it: PostgreSQL as A, MariaDB as B (its own dialect for the
 * schema), in {@code dual-write} under the traffic generator. Every statement the shop writes must
 * mirror cleanly across the two engines and leave B holding A's rows.
 */
class ShopOnServersTest {

    @TempDir
    Path dir;

    @Test
    void postgresqlToMariadbInDualWriteMirrorsEveryWriteOfTheShop() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.MARIADB.b();
        dropShopTables(a);
        dropShopTables(b);
        Map<String, String> settings = new HashMap<>();
        settings.put("sample.a.url", a.url());
        settings.put("sample.a.user", a.user());
        settings.put("sample.a.password", a.password());
        settings.put("sample.b.url", b.url());
        settings.put("sample.b.user", b.user());
        settings.put("sample.b.password", b.password());
        // Only reads would see it: B's one-decimal price column must still take the seed and mirrored writes.
        settings.put("sample.b-difference", "price-scale");
        settings.put("dualaccess.phase", "dual-write");
        // The servers are shared with other modules' tests: leave no fleet-wide phase row in B.
        settings.put("dualaccess.control.poll", "off");
        // The matched writes' aggregates are written every 200 ms rather than every 5 s.
        settings.put("dualaccess.log.aggregate-interval", "200ms");
        try (ShopFixture shop = ShopFixture.start(dir, settings)) {
            // One client: this test is about types and keys across engines. With two, MariaDB's wider
            // locks (an IN-subquery update locks more than PostgreSQL's) can make a mirrored statement
            // wait on B for a transaction that itself waits on A; B's statement timeout breaks that
            // wait and the write is journaled (docs/write-migration.md, "Locks differ between engines").
            TrafficGenerator traffic = new TrafficGenerator(new TrafficGenerator.Options(shop.app.uri(), 1, 0,
                Duration.ofSeconds(4), 11));
            try {
                traffic.start();
                traffic.awaitDone();
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures()).as(traffic.summary()).isZero();
            assertThat(traffic.counts().get("place-order")[0]).as("orders placed").isPositive();

            // Matched writes are logged as aggregates (dualaccess.log.aggregate), written at the end of
            // their interval: wait for the first, then every line must be a match.
            List<Map<String, Object>> writes = mirrored(shop);
            for (long end = System.nanoTime() + Duration.ofSeconds(20).toNanos(); writes.isEmpty() && System.nanoTime() < end; ) {
                Thread.sleep(50);
                writes = mirrored(shop);
            }
            assertThat(writes).as("the mirrored writes' events").isNotEmpty();
            assertThat(writes).as("every mirrored write of the shop matches on MariaDB")
                .allMatch(e -> "match".equals(e.get("outcome")));

            for (String query : List.of(
                    "SELECT id, customer_id, status, placed_at, total FROM orders ORDER BY id",
                    "SELECT order_id, line_no, product_id, quantity, unit_price FROM order_lines ORDER BY order_id, line_no",
                    "SELECT id, name, email, created_at FROM customers ORDER BY id",
                    "SELECT id, sku, stock FROM products ORDER BY id")) {
                assertThat(b.rows(query)).as(query).isEqualTo(a.rows(query));
            }
        }
    }

    /** The write and commit events of the shop's comparison log so far. */
    private static List<Map<String, Object>> mirrored(ShopFixture shop) {
        try {
            return shop.events().stream()
                .filter(e -> "write".equals(e.get("kind")) || "commit".equals(e.get("kind"))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Earlier runs (and other modules' tests) may have left tables of these names. */
    private static void dropShopTables(TestDb db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            if (db.engine() == Engine.MARIADB) {
                s.execute("SET FOREIGN_KEY_CHECKS = 0");
                s.execute("DROP TABLE IF EXISTS order_lines, orders, products, customers");
                s.execute("SET FOREIGN_KEY_CHECKS = 1");
            } else {
                s.execute("DROP TABLE IF EXISTS order_lines, orders, products, customers CASCADE");
            }
        }
    }
}
