package io.dualaccess.route;

import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;

/**
 * A per-table override of the migration axes; an axis left null follows the global one.
 *
 * @param reads the table's reads axis, or null to follow the global reads axis
 * @param writes the table's writes axis, or null to follow the global writes axis
 */
public record TableAxes(Reads reads, Writes writes) {

    /** Both axes of a phase. */
    public static TableAxes of(Phase phase) {
        return new TableAxes(phase.reads(), phase.writes());
    }

    /** Whether neither axis is overridden. */
    public boolean empty() {
        return reads == null && writes == null;
    }

    /** This override with its reads axis replaced. */
    public TableAxes withReads(Reads r) {
        return new TableAxes(r, writes);
    }

    /** This override with its writes axis replaced. */
    public TableAxes withWrites(Writes w) {
        return new TableAxes(reads, w);
    }
}
