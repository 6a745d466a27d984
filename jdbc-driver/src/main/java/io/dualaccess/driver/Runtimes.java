package io.dualaccess.driver;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.runtime.DualAccessRuntime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide runtimes of the driver: one per A URL and distinct effective configuration, so
 * every pooled connection of an application shares B's pool and the workers. Closed at JVM exit.
 */
final class Runtimes {

    private static final Map<String, DualAccessRuntime> RUNTIMES = new ConcurrentHashMap<>();

    static {
        Thread hook = new Thread(Runtimes::closeAll, "dualaccess-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private Runtimes() {
    }

    static DualAccessRuntime get(String aUrl, DualAccessConfig config) {
        // The key holds secrets (it is the identity of the configuration); it is never printed.
        return RUNTIMES.computeIfAbsent(aUrl + '\n' + config.identity(), k -> new DualAccessRuntime(config));
    }

    /** Closes every runtime; connections opened afterwards start fresh ones. */
    static void closeAll() {
        for (DualAccessRuntime r : RUNTIMES.values()) {
            r.close();
        }
        RUNTIMES.clear();
    }
}
