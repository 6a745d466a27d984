package io.dualaccess.runtime;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.route.TableAxes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which combinations of axes this version can serve, and the configured phase as a snapshot.
 * One connection answers from one side, so every axis, global or per table, must start with the
 * same side; other combinations refuse to start with a message naming the keys.
 */
final class Capabilities {

    private Capabilities() {
    }

    /** The phase and per-table overrides the configuration describes. */
    static PhaseSnapshot configured(DualAccessConfig config) {
        Map<String, TableAxes> tables = new LinkedHashMap<>();
        config.tablePhases().forEach((t, p) -> tables.put(t, TableAxes.of(p)));
        config.tableReads().forEach((t, r) -> tables.merge(t, new TableAxes(r, null), (old, x) -> old.withReads(r)));
        config.tableWrites().forEach((t, w) -> tables.merge(t, new TableAxes(null, w), (old, x) -> old.withWrites(w)));
        return PhaseSnapshot.of(config.reads(), config.writes(), tables, 0, "config");
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
        String problem = configured(config).problem();
        if (problem != null) {
            throw new InvalidConfigurationException("dualaccess: invalid configuration: " + ConfigKey.TABLES_PHASE.key() + " / "
                + ConfigKey.TABLES_READS.key() + " / " + ConfigKey.TABLES_WRITES.key() + " (from "
                + config.origin(ConfigKey.TABLES_PHASE) + ", " + config.origin(ConfigKey.TABLES_READS) + ", "
                + config.origin(ConfigKey.TABLES_WRITES) + "): " + problem);
        }
    }
}
