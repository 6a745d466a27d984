package io.dualaccess.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adopting dualaccess with {@code dualaccess.phase=off} changes nothing the shop's users see: the
 * same requests get the same statuses and bodies as the shop connected straight to A.
 */
class ProxyTransparencyTest {

    @TempDir
    Path dir;

    @Test
    void phaseOffAnswersExactlyAsTheShopWithoutTheProxy() throws Exception {
        List<String> direct;
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("sample.proxy", "false"))) {
            direct = script(shop);
        }
        List<String> proxied;
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("dualaccess.phase", "off",
                "sample.b-difference", "price-scale,missing-row"))) {
            assertThat(shop.app.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getJdbcUrl())
                .startsWith("jdbc:dualaccess:h2:");
            proxied = script(shop);
            // Nothing is compared in off, so nothing is logged.
            assertThat(Files.exists(shop.log)).isFalse();
        }
        assertThat(proxied).containsExactlyElementsOf(direct);
        // The script covers answers of every kind, not only successes.
        assertThat(direct).anyMatch(r -> r.startsWith("201 "))
            .anyMatch(r -> r.startsWith("404 "))
            .anyMatch(r -> r.startsWith("409 "))
            .anyMatch(r -> r.startsWith("400 "))
            .anyMatch(r -> r.startsWith("405 "));
    }

    /** Every endpoint, reads and writes, successes and refusals; each answer as "status body". */
    private static List<String> script(ShopFixture shop) throws Exception {
        List<ShopFixture.Reply> replies = new ArrayList<>();
        replies.add(shop.get("products"));
        replies.add(shop.get("products/24"));
        replies.add(shop.get("products/999"));
        replies.add(shop.get("customers?offset=5&limit=3"));
        replies.add(shop.get("customers/7"));
        replies.add(shop.post("customers", "name=Ada+Byron&email=ada%40example.org"));
        replies.add(shop.post("customers", "name=Ada+Again&email=ada%40example.org"));
        replies.add(shop.post("customers", "name=&email=nobody"));
        replies.add(shop.post("orders", "customer=41&items=1:2,24:1"));
        replies.add(shop.post("orders", "customer=41&items=3:100000"));
        replies.add(shop.post("orders", "customer=999&items=1:1"));
        replies.add(shop.post("orders", "customer=41&items=oops"));
        replies.add(shop.get("orders/61"));
        replies.add(shop.post("orders/61/cancel", ""));
        replies.add(shop.post("orders/61/cancel", ""));
        replies.add(shop.post("products/3/restock", "quantity=5"));
        replies.add(shop.get("customers/41/orders"));
        replies.add(shop.get("customers/2/orders?limit=3"));
        replies.add(shop.get("reports/top-products?limit=3"));
        replies.add(shop.get("reports/revenue-per-day?days=7"));
        replies.add(shop.get("products", null));
        replies.add(shop.get("reports/nothing"));
        replies.add(shop.get("health"));
        List<String> out = new ArrayList<>();
        for (ShopFixture.Reply r : replies) {
            out.add(r.status() + " " + r.body());
        }
        return out;
    }
}
