package io.dualaccess.sidecar;

import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.runtime.RuntimeExtension;

/**
 * Starts the {@link AdminServer} for runtimes whose configuration sets {@code dualaccess.admin.port}.
 * Registered in {@code META-INF/services/io.dualaccess.runtime.RuntimeExtension}, so putting the
 * sidecar jar on the classpath is all it takes.
 */
public final class AdminExtension implements RuntimeExtension {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdminExtension() {
    }

    @Override
    public ConfigKey enabledBy() {
        return ConfigKey.ADMIN_PORT;
    }

    @Override
    public AutoCloseable start(DualAccessRuntime runtime) throws InvalidConfigurationException {
        return new AdminServer(runtime).start();
    }
}
