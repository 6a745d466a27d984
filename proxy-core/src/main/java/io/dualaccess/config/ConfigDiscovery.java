package io.dualaccess.config;

import io.dualaccess.InvalidConfigurationException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Finds dualaccess's configuration the way the driver documents it, later sources overriding
 * earlier ones:
 * <ol>
 *   <li>{@code dualaccess.properties} on the classpath;</li>
 *   <li>the file named by system property {@code dualaccess.config}, else by environment variable
 *       {@code DUALACCESS_CONFIG};</li>
 *   <li>system properties {@code dualaccess.*};</li>
 *   <li>environment variables {@code DUALACCESS_*};</li>
 *   <li>{@code dualaccess.*} connection properties given to {@code Driver.connect}.</li>
 * </ol>
 */
public final class ConfigDiscovery {

    /** Name of the properties file looked up on the classpath. */
    public static final String CLASSPATH_FILE = "dualaccess.properties";
    /** System property naming a properties file. */
    public static final String FILE_PROPERTY = "dualaccess.config";
    /** Environment variable naming a properties file. */
    public static final String FILE_ENV = "DUALACCESS_CONFIG";

    private ConfigDiscovery() {
    }

    /**
     * A configuration file named explicitly, and what named it (for messages: {@code "option --config"}).
     * It takes the place of the file named by {@link #FILE_PROPERTY} or {@link #FILE_ENV}.
     */
    public record NamedFile(Path path, String namedBy) {
    }

    /** Discovers from this process's classpath, system properties and environment. */
    public static ParsedConfig discover(Properties connectionProperties) throws InvalidConfigurationException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = ConfigDiscovery.class.getClassLoader();
        }
        RawConfig raw = gather(cl, System.getProperties(), System.getenv(), connectionProperties, null);
        if (raw.entries().isEmpty() && raw.problems().isEmpty()) {
            MissingConfiguration.warnOnce(cl);
        }
        return ConfigParser.parse(raw, System.getenv());
    }

    /** Discovers from the given sources; the seam tests use instead of mutating the real environment. */
    public static ParsedConfig discover(ClassLoader classLoader, Properties system, Map<String, String> env,
                                        Properties connectionProperties) throws InvalidConfigurationException {
        return discover(classLoader, system, env, connectionProperties, null);
    }

    /** Discovers with an explicitly named file (the CLI's {@code --config}) in place of the property or variable. */
    public static ParsedConfig discover(ClassLoader classLoader, Properties system, Map<String, String> env,
                                        Properties connectionProperties, NamedFile file) throws InvalidConfigurationException {
        return ConfigParser.parse(gather(classLoader, system, env, connectionProperties, file), env);
    }

    /** Gathers without validating. */
    public static RawConfig gather(ClassLoader classLoader, Properties system, Map<String, String> env,
                                   Properties connectionProperties) {
        return gather(classLoader, system, env, connectionProperties, null);
    }

    /** Gathers without validating, with an explicitly named file (or null to look for one). */
    public static RawConfig gather(ClassLoader classLoader, Properties system, Map<String, String> env,
                                   Properties connectionProperties, NamedFile named) {
        RawConfig raw = new RawConfig();
        URL resource = classLoader == null ? null : classLoader.getResource(CLASSPATH_FILE);
        if (resource != null) {
            ConfigSource source = new ConfigSource("classpath " + CLASSPATH_FILE + " (" + resource + ")");
            try (InputStream in = resource.openStream()) {
                raw.addAll(load(capped(in)), source);
            } catch (IOException | IllegalArgumentException e) {
                raw.problem("cannot read " + source + ": " + e.getMessage());
            }
        }
        String file = system.getProperty(FILE_PROPERTY);
        String fileOrigin = "system property " + FILE_PROPERTY;
        if (file == null || file.isBlank()) {
            file = env.get(FILE_ENV);
            fileOrigin = "environment variable " + FILE_ENV;
        }
        if (named != null) {
            file = named.path().toString();
            fileOrigin = named.namedBy();
        }
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file.trim());
            ConfigSource source = new ConfigSource("file " + path + " (named by " + fileOrigin + ")");
            String notAFile = notARegularFile(path);
            if (notAFile != null) {
                // Checked before opening: opening a FIFO blocks until someone writes to it, and a
                // device such as /dev/zero never ends.
                raw.problem("cannot read " + source + ": " + notAFile + "; expected a readable properties file of at most "
                    + MAX_FILE_BYTES / 1024 + " KiB");
            } else {
                try (InputStream in = Files.newInputStream(path)) {
                    raw.addAll(load(capped(in)), source);
                } catch (IOException | IllegalArgumentException e) {
                    raw.problem("cannot read " + source + ": " + describe(e) + "; expected a readable properties file of at most "
                        + MAX_FILE_BYTES / 1024 + " KiB");
                }
            }
        }
        raw.addPrefixed(system, ConfigSource.SYSTEM_PROPERTIES, FILE_PROPERTY);
        raw.addEnvironment(env, FILE_ENV);
        if (connectionProperties != null) {
            raw.addPrefixed(connectionProperties, ConfigSource.CONNECTION_PROPERTIES);
        }
        return raw;
    }

    /** Largest configuration file read (1 MiB): a properties file is a few KiB. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    /** Why the path cannot be a configuration file (a directory, a FIFO, a device, too large), or null when it may be. */
    private static String notARegularFile(Path path) {
        if (!Files.exists(path)) {
            return "no such file";
        }
        if (Files.isDirectory(path)) {
            return "it is a directory";
        }
        if (!Files.isRegularFile(path)) {
            return "it is not a regular file (a FIFO, socket or device)";
        }
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                return "it has " + size + " bytes, more than the " + MAX_FILE_BYTES + " a configuration file may have";
            }
        } catch (IOException e) {
            return describe(e);
        }
        return null;
    }

    /** The stream's first {@link #MAX_FILE_BYTES} bytes, or a failure when it has more. */
    private static InputStream capped(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException("more than " + MAX_FILE_BYTES + " bytes (the file grew, or is not a file)");
        }
        return new ByteArrayInputStream(bytes);
    }

    private static Properties load(InputStream in) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m != null ? " " + m : "");
    }
}
