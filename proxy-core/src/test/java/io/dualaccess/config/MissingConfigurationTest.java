package io.dualaccess.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MissingConfigurationTest {

    @Test
    void theWarningNamesEveryPlaceDiscoveryLookedAndWhatHappens() {
        String m = MissingConfiguration.message(getClass().getClassLoader());
        assertThat(m).contains("dualaccess.properties on the classpath of", "system property dualaccess.config",
            "environment variable DUALACCESS_CONFIG", "system properties dualaccess.*", "environment variables DUALACCESS_*",
            "dualaccess.* connection properties", "phase off", "src/main/resources");
    }

    @Test
    void itIsSaidOncePerProcess() {
        MissingConfiguration.warnOnce(getClass().getClassLoader());
        assertThat(MissingConfiguration.warnOnce(getClass().getClassLoader())).as("a second connect says nothing").isFalse();
    }
}
