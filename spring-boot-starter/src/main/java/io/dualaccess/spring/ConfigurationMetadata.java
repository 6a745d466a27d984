package io.dualaccess.spring;

import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.ConfigType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code META-INF/spring-configuration-metadata.json} from the product's key list
 * ({@link ConfigKey}) and the starter's ({@link StarterKey}), so the IDE completes and documents
 * every {@code dualaccess.*} key in application.properties and .yml. Run by the build
 * ({@code process-classes}); the keys have one source of truth and the file cannot fall behind.
 */
public final class ConfigurationMetadata {

    private ConfigurationMetadata() {
    }

    /** @param args the file to write */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json(), StandardCharsets.UTF_8);
    }

    /** The metadata document. */
    public static String json() {
        List<String> properties = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            ConfigType t = k.type();
            String description = k.description() + " Allowed: " + t.allowed() + ".";
            properties.add(property(k.key(), javaType(t), description, defaultJson(t, k.defaultValue())));
            if (t.choices().length > 0) {
                List<String> values = new ArrayList<>();
                for (String c : t.choices()) {
                    values.add("{\"value\": " + quote(c) + "}");
                }
                hints.add("    {\"name\": " + quote(k.key()) + ", \"values\": [" + String.join(", ", values) + "]}");
            }
        }
        for (StarterKey k : StarterKey.values()) {
            String def = k.defaultValue() == null ? null
                : k.javaType().equals("java.lang.Boolean") ? k.defaultValue() : quote(k.defaultValue());
            properties.add(property(k.key(), k.javaType(), k.description(), def));
        }
        return "{\n  \"groups\": [\n    {\"name\": \"dualaccess\", \"type\": \"io.dualaccess.DualAccessConfig\","
            + " \"description\": \"dualaccess: live database migration behind the application's DataSource (docs/configuration.md).\"}\n  ],\n"
            + "  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n"
            + "  \"hints\": [\n" + String.join(",\n", hints) + "\n  ]\n}\n";
    }

    private static String property(String name, String type, String description, String defaultJson) {
        return "    {\"name\": " + quote(name) + ", \"type\": " + quote(type) + ", \"description\": " + quote(description)
            + (defaultJson == null ? "" : ", \"defaultValue\": " + defaultJson) + "}";
    }

    /** The Java type the IDE checks a value against; the product's own syntax (durations with off, lists) stays text. */
    static String javaType(ConfigType t) {
        if (t == ConfigType.BOOLEAN) {
            return "java.lang.Boolean";
        }
        if (t == ConfigType.DURATION) {
            return "java.time.Duration";
        }
        if (t.allowed().startsWith("an integer")) {
            return "java.lang.Integer";
        }
        if (t.allowed().startsWith("a number")) {
            return "java.lang.Double";
        }
        return "java.lang.String";
    }

    private static String defaultJson(ConfigType t, String value) {
        if (value == null) {
            return null;
        }
        String type = javaType(t);
        if (type.equals("java.lang.Boolean") || type.equals("java.lang.Integer")) {
            return value;
        }
        if (type.equals("java.lang.Double")) {
            return String.valueOf(Double.parseDouble(value));
        }
        return quote(value);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
