package io.dualaccess.spring;

import io.dualaccess.spring.shop.ShopApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.context.SpringBootTest;

import java.security.Principal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's write needs an authenticated caller, whatever authenticated it (Spring Security
 * or the admin token both reach it as the request's principal), and names the caller as the actor.
 */
@SpringBootTest(classes = ShopApplication.class, properties = {
    "spring.datasource.url=jdbc:h2:mem:endpoint_a;DB_CLOSE_DELAY=-1",
    "spring.flyway.enabled=false",
    "dualaccess.phase=off",
    "dualaccess.control.poll=off",
    "dualaccess.log.file=target/endpoint-comparisons.jsonl",
    "dualaccess.journal.file=target/endpoint-journal.jsonl"})
class DualAccessEndpointTest {

    @Autowired
    DualAccessEndpoint endpoint;

    private static SecurityContext as(String name) {
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return name == null ? null : () -> name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }
        };
    }

    @Test
    void anAnonymousCallerCannotChangeThePhase() {
        WebEndpointResponse<Map<String, Object>> r = endpoint.change("shadow-read", null, null, null, null, as(null));
        assertThat(r.getStatus()).isEqualTo(403);
        assertThat(endpoint.status()).extractingByKey("phase").asString().contains("phase=off");
    }

    @Test
    void anAuthenticatedCallerChangesItAndIsNamed() {
        WebEndpointResponse<Map<String, Object>> r = endpoint.change(null, "a-shadow-b", null, null, null, as("alice"));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getBody()).containsEntry("reads", "a-shadow-b").containsEntry("changed_by", "actuator:alice");
        WebEndpointResponse<Map<String, Object>> table = endpoint.change("off", null, null, "items", null, as("alice"));
        assertThat(table.getStatus()).isEqualTo(200);
        assertThat(table.getBody().get("tables").toString()).contains("items");
        assertThat(endpoint.change("default", null, null, "items", null, as("alice")).getBody().get("tables").toString()).isEqualTo("{}");
        assertThat(endpoint.change("off", null, null, null, null, as("alice")).getBody()).containsEntry("phase", "off");
    }
}
