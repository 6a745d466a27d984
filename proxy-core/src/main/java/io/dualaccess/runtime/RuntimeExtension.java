package io.dualaccess.runtime;

import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;

/**
 * Something a runtime starts beside itself when its configuration asks for it, from a jar that
 * proxy-core does not depend on (the sidecar's admin server needs Jetty; the driver must not).
 * Implementations are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.dualaccess.runtime.RuntimeExtension}) when the runtime starts, and
 * closed when it closes.
 */
public interface RuntimeExtension {

    /** The key whose presence switches this extension on (for example {@code dualaccess.admin.port}). */
    ConfigKey enabledBy();

    /**
     * Starts the extension for a started runtime. Must not block for long, and must not make the
     * application's connect fail for anything but a configuration error.
     *
     * @return what the runtime closes when it closes
     * @throws InvalidConfigurationException naming the key to fix
     */
    AutoCloseable start(DualAccessRuntime runtime) throws InvalidConfigurationException;
}
