package io.dualaccess.sample;

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
 * Moving the answering side while shoppers keep buying: {@code shadow} to {@code live} and back,
 * several times, through the admin server in the middle of the traffic. The shop must not see a
 * single server error: the side taking over was whole (mirrored), its sequences are moved first,
 * pooled connections move at their next transaction boundary, and a statement prepared just
 * before a move is prepared again on the new side.
 */
class PhaseSwitchUnderTrafficTest {

    @TempDir
    Path dir;

    @Test
    void shadowToLiveUnderTrafficGivesNoServerError() throws Exception {
        int adminPort;
        try (ServerSocket s = new ServerSocket(0)) {
            adminPort = s.getLocalPort();
        }
        try (ShopFixture shop = ShopFixture.start(dir, Map.of("dualaccess.phase", "shadow",
                "dualaccess.admin.port", String.valueOf(adminPort), "dualaccess.admin.token", "t0ken"))) {
            TrafficGenerator traffic = new TrafficGenerator(new TrafficGenerator.Options(shop.app.uri(), 4, 0,
                Duration.ofSeconds(8), 3));
            try {
                traffic.start();
                // Back and forth (live, then the rollback to shadow, …): every move is a chance for
                // a statement prepared just before it to run just after it.
                HttpClient http = HttpClient.newHttpClient();
                for (String phase : new String[] {"live", "shadow", "live", "shadow", "live"}) {
                    Thread.sleep(1200);
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + adminPort + "/phase"))
                        .header("Authorization", "Bearer t0ken")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"phase\":\"" + phase + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
                traffic.awaitDone();
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures()).as(traffic.summary()).isZero();
        }
    }
}
