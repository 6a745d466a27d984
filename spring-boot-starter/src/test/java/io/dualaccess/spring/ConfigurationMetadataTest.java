package io.dualaccess.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata on the classpath (written by the build from {@link ConfigKey}) lists every key
 * with its description, type and default, and the allowed words of closed keys.
 */
class ConfigurationMetadataTest {

    private static JsonNode metadata() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> out = new HashMap<>();
        list.forEach(n -> out.put(n.get("name").asText(), n));
        return out;
    }

    @Test
    void everyKeyIsListedWithItsDescriptionTypeAndDefault() throws Exception {
        Map<String, JsonNode> properties = byName(metadata().get("properties"));
        for (ConfigKey k : ConfigKey.values()) {
            JsonNode p = properties.get(k.key());
            assertThat(p).as(k.key()).isNotNull();
            assertThat(p.get("description").asText()).as(k.key()).startsWith(k.description()).contains(k.type().allowed());
            assertThat(p.get("type").asText()).as(k.key()).isEqualTo(ConfigurationMetadata.javaType(k.type()));
            if (k.defaultValue() == null) {
                assertThat(p.has("defaultValue")).as(k.key() + " has no default").isFalse();
            } else {
                assertThat(k.type().parse(p.get("defaultValue").asText())).as(k.key() + " default")
                    .isEqualTo(k.type().parse(k.defaultValue()));
            }
        }
        for (StarterKey k : StarterKey.values()) {
            assertThat(properties.get(k.key())).as(k.key()).isNotNull();
            assertThat(properties.get(k.key()).get("description").asText()).isEqualTo(k.description());
        }
        assertThat(properties).hasSize(ConfigKey.values().length + StarterKey.values().length);
    }

    @Test
    void closedKeysHintTheirValues() throws Exception {
        Map<String, JsonNode> hints = byName(metadata().get("hints"));
        for (ConfigKey k : ConfigKey.values()) {
            if (k.type().choices().length > 0) {
                List<String> values = new ArrayList<>();
                hints.get(k.key()).get("values").forEach(v -> values.add(v.get("value").asText()));
                assertThat(values).as(k.key()).containsExactly(k.type().choices());
            }
        }
        assertThat(hints.get("dualaccess.phase").toString()).contains("shadow-read", "rampdown");
    }

    @Test
    void theFileIsWhatTheGeneratorWritesNow() throws Exception {
        assertThat(metadata()).isEqualTo(new ObjectMapper().readTree(ConfigurationMetadata.json()));
    }
}
