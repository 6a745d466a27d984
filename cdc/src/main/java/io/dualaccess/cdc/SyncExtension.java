package io.dualaccess.cdc;

import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.runtime.RuntimeExtension;
import io.dualaccess.threads.DaemonThreads;
import io.dualaccess.translate.Translators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts a {@link Sync} inside an application's runtime when {@code dualaccess.sync.enabled=true}.
 * Registered in {@code META-INF/services/io.dualaccess.runtime.RuntimeExtension}: putting the cdc
 * jar and its dependencies next to the driver is all it takes. The sync's meters go to the
 * runtime's registry; {@code runtime.extension(Sync.class)} finds it (the sidecar's /status).
 */
public final class SyncExtension implements RuntimeExtension {

    private static final Logger LOG = LoggerFactory.getLogger(SyncExtension.class);
    /** How often the sync's state goes into the comparison log (a {@code sync} event). */
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

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
        // its lag and health into the comparison log, for dualaccess report
        ScheduledThreadPoolExecutor logger = new ScheduledThreadPoolExecutor(1, new DaemonThreads("sync-log"));
        List<String> tables = List.copyOf(settings.tables());
        logger.scheduleAtFixedRate(() -> {
            try {
                runtime.eventLog().publish(sync.metrics().event(runtime.phaseControl().current().phaseName(), tables));
            } catch (RuntimeException e) {
                LOG.debug("logging the sync's state failed", e);
            }
        }, LOG_EVERY.toMillis(), LOG_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        sync.whenClosed(() -> {
            logger.shutdownNow();
            runtime.eventLog().publish(sync.metrics().event(runtime.phaseControl().current().phaseName(), tables));
        });
        return sync;
    }
}
