package io.dualaccess.sidecar.http;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad {@code dualaccess.http.*} values fail with a message naming the key, the value and what was expected. */
class ShadowSettingsTest {

    private static ShadowSettings of(String... keyValues) throws InvalidConfigurationException {
        DualAccessConfig.Builder b = DualAccessConfig.builder()
            .set("dualaccess.http.candidate", "http://127.0.0.1:9/")
            .set("dualaccess.http.routes", "/orders/{id}");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.set(keyValues[i], keyValues[i + 1]);
        }
        return ShadowSettings.of(b.build());
    }

    @Test
    void defaultsShadowSafeMethodsOfTheRoutesToTheCandidate() throws Exception {
        ShadowSettings s = of();
        assertThat(s.candidate()).isEqualTo("http://127.0.0.1:9");
        assertThat(s.methods()).containsExactlyInAnyOrder("GET", "HEAD");
        assertThat(s.twin()).isNull();
        assertThat(s.compareHeaders()).containsExactly("content-type");
        assertThat(s.forwardHeaders()).isNull();
    }

    @Test
    void unsafeMethodsNeedExplicitConsent() throws Exception {
        assertThatThrownBy(() -> of("dualaccess.http.methods", "GET,POST"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.http.methods = 'GET,POST'")
            .hasMessageContaining("dualaccess.http.allow-unsafe=true");
        assertThat(of("dualaccess.http.methods", "get,post", "dualaccess.http.allow-unsafe", "true").methods())
            .containsExactlyInAnyOrder("GET", "POST");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> of("dualaccess.http.candidate", "orders-v2:8080"))
            .hasMessageContaining("dualaccess.http.candidate = 'orders-v2:8080'").hasMessageContaining("http:// or https:// base URL");
        assertThatThrownBy(() -> of("dualaccess.http.primary-twin", "ftp://x"))
            .hasMessageContaining("dualaccess.http.primary-twin");
        assertThatThrownBy(() -> of("dualaccess.http.routes", ""))
            .hasMessageContaining("dualaccess.http.routes").hasMessageContaining("some route must be shadowed");
        assertThatThrownBy(() -> of("dualaccess.http.ignore-paths", "generatedAt"))
            .hasMessageContaining("dualaccess.http.ignore-paths = 'generatedAt'").hasMessageContaining("does not start with $");
        assertThatThrownBy(() -> of("dualaccess.http.path-rules", "$.id"))
            .hasMessageContaining("dualaccess.http.path-rules").hasMessageContaining("path:rule");
    }
}
