package io.dualaccess.config;

/**
 * One raw setting as found in one source, before validation.
 *
 * @param name the name as written in its source ({@code dualaccess.phase}, {@code DUALACCESS_PHASE})
 * @param key the key it configures, or null when the name is unknown
 * @param value the raw text, placeholders not yet resolved
 * @param source where it was found
 */
public record ConfigEntry(String name, ConfigKey key, String value, ConfigSource source) {

    /** "system property dualaccess.phase", "environment variable DUALACCESS_PHASE", "file x (key dualaccess.phase)". */
    public String origin() {
        if (source == ConfigSource.SYSTEM_PROPERTIES || source == ConfigSource.ENVIRONMENT) {
            return source.description() + ' ' + name;
        }
        return source.description();
    }
}
