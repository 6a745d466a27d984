package io.dualaccess.spring;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.config.ConfigKey;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dualaccess.* from Spring's environment becomes the product's configuration, with its errors. */
class EnvironmentConfigTest {

    private static StandardEnvironment env(Map<String, Object> props) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("application.yml", props));
        return env;
    }

    @Test
    void keysAreBoundWithSpringsRelaxedNamesAndYamlLists() throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dualaccess.phase", "shadow-read");
        p.put("dualaccess.b.url", "jdbc:h2:mem:x");
        p.put("dualaccess.b.pool.maxSize", "7");
        p.put("dualaccess.b.statement-timeout", "2s");
        p.put("dualaccess.tables.include[0]", "Orders");
        p.put("dualaccess.tables.include[1]", "items");
        DualAccessConfig c = EnvironmentConfig.bind(env(p));
        assertThat(c.phase()).isEqualTo(Phase.SHADOW_READ);
        assertThat(c.bUrl()).isEqualTo("jdbc:h2:mem:x");
        assertThat(c.bPoolMaxSize()).isEqualTo(7);
        assertThat(c.duration(ConfigKey.B_STATEMENT_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.names(ConfigKey.TABLES_INCLUDE)).isEqualTo(Set.of("orders", "items"));
        assertThat(c.origin(ConfigKey.PHASE)).contains("Spring environment");
    }

    @Test
    void environmentVariablesCountAsInSpring() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
            Map.of("DUALACCESS_PHASE", "dual-write", "DUALACCESS_B_URL", "jdbc:h2:mem:y", "DUALACCESS_B_POOL_MAX_SIZE", "3")));
        DualAccessConfig c = EnvironmentConfig.bind(env);
        assertThat(c.phase()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(c.bPoolMaxSize()).isEqualTo(3);
        assertThat(EnvironmentConfig.enabled(env)).isTrue();
    }

    @Test
    void aBadValueFailsWithDualaccesssMessageNamingKeyValueAndWhatIsAllowed() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dualaccess.phase", "shadoww");
        p.put("dualaccess.b.pool.max-size", "0");
        p.put("dualaccess.b.password", "s3cret-value");
        p.put("dualaccess.b.url", "postgresql://no-jdbc-prefix");
        assertThatThrownBy(() -> EnvironmentConfig.bind(env(p)))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.phase = 'shadoww'")
            .hasMessageContaining("did you mean 'shadow'")
            .hasMessageContaining("dualaccess.b.pool.max-size = '0'")
            .hasMessageContaining("an integer from 1 to 1000")
            .hasMessageContaining("expected a JDBC URL")
            .hasMessageContaining("Spring environment")
            .hasMessageNotContaining("s3cret-value");
    }

    @Test
    void anUnknownKeyIsAnErrorWithASuggestion() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dualaccess.b.url", "jdbc:h2:mem:x");
        p.put("dualaccess.b.urll", "jdbc:h2:mem:x");
        assertThatThrownBy(() -> EnvironmentConfig.bind(env(p)))
            .hasMessageContaining("unknown key dualaccess.b.urll")
            .hasMessageContaining("did you mean dualaccess.b.url?");
    }

    @Test
    void theStartersOwnKeysAreNotUnknown() throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dualaccess.enabled", "true");
        p.put("dualaccess.data-source", "shopDataSource");
        p.put("dualaccess.filter.excluded-paths[0]", "/static/");
        assertThat(EnvironmentConfig.bind(env(p)).phase()).isEqualTo(Phase.OFF);
    }

    @Test
    void theStarterIsOnWhenBIsConfiguredOrItIsSwitchedOn() {
        assertThat(EnvironmentConfig.enabled(env(Map.of()))).isFalse();
        assertThat(EnvironmentConfig.enabled(env(Map.of("dualaccess.b.url", "jdbc:h2:mem:x")))).isTrue();
        assertThat(EnvironmentConfig.enabled(env(Map.of("dualaccess.enabled", "true")))).isTrue();
        assertThat(EnvironmentConfig.enabled(env(Map.of("dualaccess.b.url", "jdbc:h2:mem:x", "dualaccess.enabled", "false")))).isFalse();
    }
}
