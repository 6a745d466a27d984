package io.dualaccess.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's HTTP shadowing demo ({@code sample.http-shadow=true}): {@code GET /orders/{id}/summary}
 * is answered by the shop and replayed to its rewrite ({@link OrderSummaryV2}) on another port;
 * the rewrite writes keys in another order and totals without trailing zeros (no difference), and
 * counts lines instead of units (the planted one, at {@code $.items}).
 */
class OrderSummaryShadowingTest {

    @TempDir
    Path dir;

    @Test
    void theRewrittenOrderSummaryIsComparedAndItsPlantedDifferenceFound() throws Exception {
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("sample.http-shadow", "true", "dualaccess.log.values", "full"))) {
            int mismatches = 0;
            int matches = 0;
            for (int id = 1; id <= 12; id++) {
                ShopFixture.Reply r = shop.get("/orders/" + id + "/summary", "summary-" + id);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).startsWith("{\"order_id\":" + id + ",");
                String rid = "summary-" + id;
                Map<String, Object> e = shop.awaitEvent("http " + rid,
                    ev -> "http".equals(ev.get("kind")) && rid.equals(ShopFixture.requestField(ev, "id")));
                @SuppressWarnings("unchecked")
                Map<String, Object> http = (Map<String, Object>) e.get("http");
                assertThat(http.get("route")).isEqualTo("/orders/{id}/summary");
                if ("mismatch".equals(e.get("outcome"))) {
                    mismatches++;
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> diff = (List<Map<String, Object>>) http.get("diff");
                    // Only the planted difference: key order and 45.50 against 45.5 are no difference.
                    assertThat(diff).hasSize(1);
                    assertThat(diff.get(0).get("path")).isEqualTo("$.items");
                    assertThat(new BigDecimal(diff.get(0).get("a").toString()))
                        .isGreaterThan(new BigDecimal(diff.get(0).get("b").toString()));
                } else {
                    assertThat(e.get("outcome")).as("%s", e).isEqualTo("match");
                    matches++;
                }
            }
            assertThat(mismatches).as("orders with a line of quantity above 1").isPositive();
            assertThat(matches + mismatches).isEqualTo(12);
        }
    }
}
