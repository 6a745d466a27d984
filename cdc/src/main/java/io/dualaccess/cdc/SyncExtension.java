package io.dualaccess.cdc;

import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.runtime.RuntimeExtension;
import io.dualaccess.translate.Translators;

/**
 * Starts a {@link Sync} inside an application's runtime when {@code dualaccess.sync.enabled=true}.
 * Registered in {@code META-INF/services/io.dualaccess.runtime.RuntimeExtension}: putting the cdc
 * jar and its dependencies next to the driver is all it takes. The sync's meters go to the
 * runtime's registry; {@code runtime.extension(Sync.class)} finds it (the sidecar's /status).
 */
public final class SyncExtension implements RuntimeExtension {

    /** Called by {@link java.util.ServiceLoader}. */
    public SyncExtension() {
    }

    @Override
    public ConfigKey enabledBy() {
        return ConfigKey.SYNC_ENABLED;
    }

    @Override
    public AutoCloseable start(DualAccessRuntime runtime) throws InvalidConfigurationException {
        SyncSettings settings = SyncSettings.of(runtime.config());
        // A or B down is not the application's problem: the sync's thread retries with a back-off
        Sync sync = Sync.start(settings, Translators.mapping(runtime.config()), runtime.registry());
        // phase changes wait for the sync's lag (dualaccess.sync.phase-change-lag / -wait)
        runtime.phaseControl().addLagSource(sync);
        sync.whenClosed(() -> runtime.phaseControl().removeLagSource(sync));
        return sync;
    }
}
