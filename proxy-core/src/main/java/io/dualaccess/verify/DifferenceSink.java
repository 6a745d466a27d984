package io.dualaccess.verify;

import io.dualaccess.keyset.TablePair;

import java.sql.SQLException;

/**
 * Receives each confirmed difference as verify finds it (a key file, repair), so no list of every
 * difference is ever held in memory.
 */
@FunctionalInterface
public interface DifferenceSink {

    /** Called once per difference, on verify's thread. */
    void accept(TablePair pair, Difference d) throws SQLException;

    /** Called when verify has walked a whole table (a sink that batches its work finishes it here). */
    default void tableDone(TablePair pair) throws SQLException {
    }
}
