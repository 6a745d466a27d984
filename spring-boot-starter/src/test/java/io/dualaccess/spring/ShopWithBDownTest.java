package io.dualaccess.spring;

import io.dualaccess.spring.shop.ShopApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * B is down from the start (nothing listens where dualaccess.b.url points): the shop starts,
 * serves, and its health stays UP; the dualaccess component says B is down.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:bdown_a;DB_CLOSE_DELAY=-1",
    "dualaccess.b.url=jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1",
    "dualaccess.b.statement-timeout=300ms",
    "dualaccess.log.file=target/bdown-comparisons.jsonl",
    "dualaccess.journal.file=target/bdown-journal.jsonl"})
class ShopWithBDownTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void theApplicationStaysUpAndHealthSaysBIsDown() throws Exception {
        Http http = new Http(port);
        Http.Answer added = http.post("/items?name=chair&price=45", null);
        assertThat(added.status()).isEqualTo(200);
        assertThat(http.get("/items").json().toString()).contains("chair");

        Http.Answer health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().at("/status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/dualaccess/status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/dualaccess/details/b/status").asText()).isEqualTo("down");
        assertThat(health.json().at("/components/dualaccess/details/b/error").asText()).isNotBlank();
        assertThat(health.json().at("/components/db/status").asText()).isEqualTo("UP");
    }
}
