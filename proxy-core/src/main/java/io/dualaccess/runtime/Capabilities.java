package io.dualaccess.runtime;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.config.ConfigKey;

/**
 * Which axes this version can run. Phases are parsed and validated in full; a phase whose
 * machinery has not landed yet refuses to start with a message rather than silently doing less.
 */
final class Capabilities {

    private Capabilities() {
    }

    static void check(DualAccessConfig config) throws InvalidConfigurationException {
        if (config.reads() != Reads.A) {
            throw unsupported(config, "reads", config.reads().configValue(), "shadow reads and reads from B");
        }
        if (config.writes() != Writes.A) {
            throw unsupported(config, "writes", config.writes().configValue(), "write mirroring and writes to B");
        }
    }

    private static InvalidConfigurationException unsupported(DualAccessConfig config, String axis, String value, String what) {
        String origin = config.entry(axis.equals("reads") ? ConfigKey.READS : ConfigKey.WRITES) != null
            ? config.origin(axis.equals("reads") ? ConfigKey.READS : ConfigKey.WRITES)
            : config.origin(ConfigKey.PHASE);
        return new InvalidConfigurationException("dualaccess: phase '" + config.phase() + "' (" + axis + "=" + value
            + ", from " + origin + ") needs " + what + ", which this version of dualaccess does not provide yet;"
            + " supported now: " + ConfigKey.PHASE.key() + "=off");
    }
}
