package io.dualaccess.spring;

import java.util.Arrays;

/**
 * Keys only the Spring Boot starter reads, beside the product's own ({@link io.dualaccess.config.ConfigKey}).
 * They decide how dualaccess enters the application, so they never reach {@code DualAccessConfig}.
 */
public enum StarterKey {
    ENABLED("dualaccess.enabled", "java.lang.Boolean", null,
        "Whether the starter wraps the application's DataSource; unset: when dualaccess.b.url is set. false switches it off whatever else is set."),
    DATA_SOURCE("dualaccess.data-source", "java.lang.String", null,
        "Name of the DataSource bean to wrap when the application has several; unset: the only one, or the @Primary one."),
    FILTER_ENABLED("dualaccess.filter.enabled", "java.lang.Boolean", "true",
        "Whether DualAccessFilter is registered for servlet applications (request id, method and path in every comparison event)."),
    FILTER_REQUEST_ID_HEADER("dualaccess.filter.request-id-header", "java.lang.String", "X-Request-Id",
        "Header carrying the caller's request id; without one the filter makes one and echoes it in this header."),
    FILTER_EXCLUDED_PATHS("dualaccess.filter.excluded-paths", "java.util.List<java.lang.String>", null,
        "Path prefixes whose reads are not shadowed (their writes are still mirrored); unset: the Actuator base path.");

    private final String key;
    private final String javaType;
    private final String defaultValue;
    private final String description;

    StarterKey(String key, String javaType, String defaultValue, String description) {
        this.key = key;
        this.javaType = javaType;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key as written in application.properties. */
    public String key() {
        return key;
    }

    /** The Java type named in the IDE metadata. */
    public String javaType() {
        return javaType;
    }

    /** The default as text, or null. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One sentence for the IDE and the docs. */
    public String description() {
        return description;
    }

    /** The starter key with this name, or null. */
    public static StarterKey byName(String name) {
        return Arrays.stream(values()).filter(k -> k.key.equals(name)).findFirst().orElse(null);
    }
}
