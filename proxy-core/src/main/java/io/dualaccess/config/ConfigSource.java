package io.dualaccess.config;

/**
 * Where a configuration value came from, as named in error messages ("system property",
 * "file /etc/app/dualaccess.properties", …). Later sources override earlier ones.
 *
 * @param description human-readable origin, never containing a value
 */
public record ConfigSource(String description) {

    /** Values given in code through {@code DualAccessConfig.builder()}. */
    public static final ConfigSource BUILDER = new ConfigSource("DualAccessConfig.builder()");
    /** Values given as {@code dualaccess.*} connection properties to {@code Driver.connect}. */
    public static final ConfigSource CONNECTION_PROPERTIES = new ConfigSource("connection properties");
    /** System properties {@code dualaccess.*}. */
    public static final ConfigSource SYSTEM_PROPERTIES = new ConfigSource("system property");
    /** Environment variables {@code DUALACCESS_*}. */
    public static final ConfigSource ENVIRONMENT = new ConfigSource("environment variable");

    @Override
    public String toString() {
        return description;
    }
}
