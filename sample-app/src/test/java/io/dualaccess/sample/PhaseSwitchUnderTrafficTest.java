package io.dualaccess.sample;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving the answering side while shoppers keep buying: {@code shadow} to {@code live} through the
 * admin server in the middle of the traffic. The shop must not see a single server error: B was
 * whole (mirrored), its sequences are moved first, and pooled connections move at their next
 * transaction boundary.
 */
class PhaseSwitchUnderTrafficTest {

    @TempDir
    Path dir;

    @Test
    @Disabled("a race, not yet fixed: a statement prepared in autocommit just before the switch fails its execute"
        + " with 'this statement was created before the phase moved to live' (the key collision this test also"
        + " found is fixed by dualaccess.control.sequence-gap; the test passed once with it, not yet proven stable)")
    void shadowToLiveUnderTrafficGivesNoServerError() throws Exception {
        int adminPort;
        try (ServerSocket s = new ServerSocket(0)) {
            adminPort = s.getLocalPort();
        }
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("dualaccess.phase", "shadow",
                "dualaccess.admin.port", String.valueOf(adminPort), "dualaccess.admin.token", "t0ken"))) {
            TrafficGenerator traffic = new TrafficGenerator(new TrafficGenerator.Options(shop.app.uri(), 4, 0,
                Duration.ofSeconds(6), 3));
            try {
                traffic.start();
                Thread.sleep(2000);
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPort + "/phase"))
                    .header("Authorization", "Bearer t0ken")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"phase\":\"live\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                traffic.awaitDone();
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures()).as(traffic.summary()).isZero();
        }
    }
}
