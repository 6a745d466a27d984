package io.dualaccess.sample;

import io.dualaccess.journal.DivergenceJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;

import static io.dualaccess.sample.ShopFixture.requestField;
import static io.dualaccess.sample.ShopFixture.touches;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop over real HTTP with the request filter installed, in the first two phases of a
 * migration: the application's answers stay A's, and the comparison log names the request behind
 * each event and the table where the planted difference is.
 */
class ShopMigrationTest {

    @TempDir
    Path dir;

    @Test
    void theShopStartsAndServesInShadowWithAnEmptyJournal() throws Exception {
        // Schema, seed and a first order through dualaccess in a phase that mirrors: nothing to repair
        // (the playbook's "empty problems column before cut-over" must be reachable from the start).
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("dualaccess.phase", "shadow"))) {
            assertThat(shop.get("products", "req-start-products").status()).isEqualTo(200);
            assertThat(shop.post("orders", "customer=3&items=2:1", "req-start-order").status()).isEqualTo(201);
            // Matched writes are aggregated (dualaccess.log.aggregate), without their request: the
            // order's insert is compared once its table's write event is there.
            shop.awaitEvent("the order's write compared",
                e -> "write".equals(e.get("kind")) && touches(e, "orders"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path journal : files.filter(f -> f.getFileName().toString().matches("journal-\\d+\\.jsonl")).toList()) {
                assertThat(Files.readAllLines(journal)).as(journal.toString()).isEmpty();
            }
        }
        // and no transaction left between A's commit and B's (the journal's companion file of intents)
        try (Stream<Path> files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith("comparisons-")).toList()) {
                Path journal = dir.resolve(log.getFileName().toString().replace("comparisons-", "journal-"));
                assertThat(DivergenceJournal.unfinished(journal)).as(journal.toString()).isEmpty();
            }
        }
    }

    @Test
    void shadowReadComparesProductReadsAndFindsThePlantedPriceDifference() throws Exception {
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("sample.b-difference", "price-scale",
                "dualaccess.phase", "shadow-read"))) {
            ShopFixture.Reply products = shop.get("products", "req-products-1");
            assertThat(products.status()).isEqualTo(200);
            // A answers: its two-decimal price, not B's rounded one.
            assertThat(products.body()).contains("\"price\":89.99");

            Map<String, Object> mismatch = shop.awaitEvent("read mismatch on products for GET /products",
                e -> "read".equals(e.get("kind")) && "mismatch".equals(e.get("outcome")) && touches(e, "products")
                    && "/products".equals(requestField(e, "path")));
            assertThat(requestField(mismatch, "id")).isEqualTo("req-products-1");
            assertThat(requestField(mismatch, "method")).isEqualTo("GET");
            @SuppressWarnings("unchecked")
            Map<String, Object> diff = (Map<String, Object>) mismatch.get("diff");
            assertThat(diff.get("kind")).isEqualTo("value");
            assertThat(String.valueOf(diff.get("column"))).isEqualToIgnoringCase("price");

            // Tables without a planted difference compare equal: the log is not all noise. Matches are
            // aggregated per fingerprint (dualaccess.log.aggregate): counted, without a request.
            assertThat(shop.get("customers/3", "req-customer-3").status()).isEqualTo(200);
            Map<String, Object> match = shop.awaitEvent("read match on customers",
                e -> "read".equals(e.get("kind")) && "match".equals(e.get("outcome")) && touches(e, "customers"));
            // An aggregate: no request nor parameters (its count is absent when it stands for one read).
            assertThat(match).doesNotContainKey("request").doesNotContainKey("params");
        }
    }

    @Test
    void dualWriteMirrorsOrdersWithTheSameKeysAndReportsTheMissingProductOnProducts() throws Exception {
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("sample.b-difference", "missing-row",
                "dualaccess.phase", "dual-write"))) {
            ShopFixture.Reply placed = shop.post("orders", "customer=3&items=2:2,5:1", "req-order-ok");
            assertThat(placed.status()).isEqualTo(201);
            long orderId = Long.parseLong(placed.body().replaceAll("^\\{\"id\":(\\d+),.*", "$1"));

            // Matched writes are aggregated per fingerprint (dualaccess.log.aggregate): counted, without a request.
            shop.awaitEvent("write match on orders",
                e -> "write".equals(e.get("kind")) && "match".equals(e.get("outcome")) && touches(e, "orders")
                    && !e.containsKey("params"));
            // The generated key reached B: the same order under the same id on both sides.
            assertThat(orderRow(shop.bUrl, orderId)).isEqualTo(orderRow(shop.aUrl, orderId)).isNotNull();

            // Product 24 is the row B lacks: A takes the stock, B's update changes no row.
            ShopFixture.Reply missing = shop.post("orders", "customer=4&items=24:1", "req-order-missing");
            assertThat(missing.status()).isEqualTo(201);
            Map<String, Object> mismatch = shop.awaitEvent("write mismatch on products for POST /orders",
                e -> "write".equals(e.get("kind")) && "mismatch".equals(e.get("outcome")) && touches(e, "products")
                    && "req-order-missing".equals(requestField(e, "id")));
            assertThat(mismatch.get("reason")).isEqualTo("update_count");
            assertThat(requestField(mismatch, "path")).isEqualTo("/orders");
            assertThat(mismatch.get("a")).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) mismatch.get("a")).get("count")).isEqualTo(1L);
            assertThat(((Map<?, ?>) mismatch.get("b")).get("count")).isEqualTo(0L);
        }
    }

    private static String orderRow(String url, long id) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, customer_id, status, placed_at, total FROM orders WHERE id = " + id)) {
            return rs.next() ? rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getString(3) + "|"
                + rs.getObject(4) + "|" + rs.getBigDecimal(5).stripTrailingZeros().toPlainString() : null;
        }
    }
}
