package io.dualaccess.docs;

import io.dualaccess.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration keys are public contract: the reference page documents each one with its default. */
class ConfigurationDocTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigKey k : ConfigKey.values()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + k.key() + "` |")).findFirst().orElse(null);
            assertThat(row).as("docs/configuration.md has a table row for %s", k.key()).isNotNull();
            if (k.defaultValue() != null && !k.defaultValue().isEmpty()) {
                assertThat(row).as("default of %s", k.key()).contains("`" + k.defaultValue() + "`");
            }
        }
    }
}
