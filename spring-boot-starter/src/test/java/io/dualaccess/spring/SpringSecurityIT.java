package io.dualaccess.spring;

import io.dualaccess.spring.secured.ActuatorSecurity;
import io.dualaccess.spring.shop.ShopApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop with Spring Security securing Actuator: the {@code dualaccess} endpoint's phase change
 * needs a caller Spring Security authenticated, is recorded under that user's name, and the
 * admin token (for applications without Spring Security) opens nothing. Runs in its own test JVM
 * (failsafe): the other tests' class path has no Spring Security.
 */
@SpringBootTest(classes = {ShopApplication.class, ActuatorSecurity.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.security.user.name=ops", "spring.security.user.password=ops-secret",
        "dualaccess.log.file=target/secured-comparisons.jsonl", "dualaccess.journal.file=target/secured-journal.jsonl"})
class SpringSecurityIT {

    private static final String CHANGE = "{\"phase\":\"dual-write\"}";

    @Value("${local.server.port}")
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPhaseChangeNeedsACallerSpringSecurityAuthenticated() throws Exception {
        assertThat(http.post("/actuator/dualaccess", CHANGE).status()).as("anonymous").isEqualTo(401);
        assertThat(http.post("/actuator/dualaccess", CHANGE, "Authorization", basic("ops", "wrong")).status()).isEqualTo(401);
        assertThat(http.post("/actuator/dualaccess", CHANGE, "Authorization", "Bearer shop-admin-token").status())
            .as("the admin token is for applications without Spring Security").isEqualTo(401);
        assertThat(http.get("/actuator/dualaccess/phase", "Authorization", basic("ops", "ops-secret")).json().at("/phase").asText())
            .isEqualTo("shadow");

        Http.Answer changed = http.post("/actuator/dualaccess", CHANGE, "Authorization", basic("ops", "ops-secret"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/phase").asText()).isEqualTo("dual-write");
        assertThat(http.get("/actuator/dualaccess/phase", "Authorization", basic("ops", "ops-secret")).json().at("/changed_by").asText())
            .isEqualTo("actuator:ops");

        Http.Answer back = http.post("/actuator/dualaccess", "{\"phase\":\"shadow\"}", "Authorization", basic("ops", "ops-secret"));
        assertThat(back.json().at("/phase").asText()).isEqualTo("shadow");
        // The application's own pages are not Actuator's: the shop still answers without a login.
        assertThat(http.get("/items").status()).isEqualTo(200);
    }
}
