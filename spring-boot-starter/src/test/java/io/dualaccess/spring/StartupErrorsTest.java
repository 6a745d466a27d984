package io.dualaccess.spring;

import io.dualaccess.spring.shop.ShopApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a user sees at start-up when dualaccess's keys are wrong, or when dualaccess is not configured. */
class StartupErrorsTest {

    /** The shop (its application.yml configures dualaccess) with command-line arguments over it. */
    private static ConfigurableApplicationContext shop(String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:mem:startup_a;DB_CLOSE_DELAY=-1",
            "--spring.flyway.enabled=false", "--dualaccess.log.file=target/startup-comparisons.jsonl",
            "--dualaccess.journal.file=target/startup-journal.jsonl"));
        for (String a : args) {
            // one value per key: repeated command-line options would be joined with a comma
            all.removeIf(b -> b.substring(0, b.indexOf('=')).equals(a.substring(0, a.indexOf('='))));
            all.add(a);
        }
        return new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE).run(all.toArray(String[]::new));
    }

    private static Throwable root(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void aBadValueInApplicationPropertiesStopsTheApplicationWithDualaccesssMessage() {
        assertThatThrownBy(() -> shop("--dualaccess.phase=shadoww").close())
            .satisfies(e -> assertThat(root(e).getMessage())
                .startsWith("dualaccess: invalid configuration: dualaccess.phase = 'shadoww'")
                .contains("expected one of off, shadow-read, dual-write, shadow, live, rampdown, complete")
                .contains("did you mean 'shadow'"));
    }

    @Test
    void aJdbcDualaccessUrlWithTheStarterConfiguredIsRefused() {
        assertThatThrownBy(() -> shop("--spring.datasource.url=jdbc:dualaccess:h2:mem:startup_a2",
                "--spring.datasource.driver-class-name=org.h2.Driver").close())
            .satisfies(e -> assertThat(root(e).getMessage()).contains("already has a jdbc:dualaccess: URL"));
    }

    @Test
    void withoutBOrEnabledTheStarterStaysOut() {
        try (ConfigurableApplicationContext ctx = shop("--dualaccess.b.url=")) {
            assertThat(ctx.getBeansOfType(DataSourceWrapper.class)).isEmpty();
            assertThat(ctx.getBean(DataSource.class).getClass().getSimpleName()).isEqualTo("HikariDataSource");
        }
    }
}
