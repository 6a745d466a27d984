package io.dualaccess.runtime;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.config.ConfigKey;

/**
 * Which axes this version can run. Phases are parsed and validated in full; a phase whose
 * machinery has not landed yet refuses to start with a message rather than silently doing less.
 */
final class Capabilities {

    private Capabilities() {
    }

    static void check(DualAccessConfig config) throws InvalidConfigurationException {
        if (config.reads().bAuthoritative() != config.writes().bAuthoritative()) {
            String reads = config.reads().configValue();
            String writes = config.writes().configValue();
            throw new InvalidConfigurationException("dualaccess: invalid configuration: reads=" + reads + " and writes=" + writes
                + " (phase " + config.phase() + ", reads from " + config.origin(ConfigKey.READS) + ", writes from "
                + config.origin(ConfigKey.WRITES) + ") are answered by different sides; one connection serves both from"
                + " one side, so set " + ConfigKey.READS.key() + " and " + ConfigKey.WRITES.key() + " to axes whose first side"
                + " is the same (a… with a…, b… with b…)");
        }
    }

    private static InvalidConfigurationException unsupported(DualAccessConfig config, String axis, String value, String what) {
        String origin = config.entry(axis.equals("reads") ? ConfigKey.READS : ConfigKey.WRITES) != null
            ? config.origin(axis.equals("reads") ? ConfigKey.READS : ConfigKey.WRITES)
            : config.origin(ConfigKey.PHASE);
        return new InvalidConfigurationException("dualaccess: phase '" + config.phase() + "' (" + axis + "=" + value
            + ", from " + origin + ") needs " + what + ", which this version of dualaccess does not provide yet;"
            + " supported now: " + ConfigKey.PHASE.key() + "=off, dual-write, rampdown, complete");
    }
}
