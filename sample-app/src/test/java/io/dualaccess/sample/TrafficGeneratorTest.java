package io.dualaccess.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traffic generator exercises every endpoint, and in {@code dual-write} with planted
 * differences in B the shop still answers every request itself: B's problems never surface.
 */
class TrafficGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void exercisesEveryEndpointWithoutServerErrorsWhileBDiffers() throws Exception {
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("dualaccess.phase", "dual-write",
                "sample.b-difference", "price-scale,missing-row"))) {
            TrafficGenerator traffic = new TrafficGenerator(new TrafficGenerator.Options(shop.app.uri(), 2, 0,
                Duration.ofSeconds(3), 7));
            try {
                traffic.start();
                traffic.awaitDone();
            } finally {
                traffic.close();
            }
            assertThat(traffic.counts().keySet()).containsExactlyInAnyOrder("browse", "product", "customer", "history",
                "place-order", "order", "cancel", "restock", "register", "top-products", "revenue");
            assertThat(traffic.failures()).as(traffic.summary()).isZero();
            assertThat(traffic.counts().get("place-order")[0]).as("orders placed").isPositive();
            // Mirrored writes carry the request that made them.
            shop.awaitEvent("a write event from POST /orders",
                e -> "write".equals(e.get("kind")) && "/orders".equals(ShopFixture.requestField(e, "path")));
        }
    }
}
