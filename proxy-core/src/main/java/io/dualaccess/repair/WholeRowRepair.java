package io.dualaccess.repair;

import io.dualaccess.keyset.Side;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.verify.Difference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Repair of a table without a key, by row content: a difference names a whole row. Its copies are
 * counted again on both sides first; while A still holds more, one copy is inserted into B; while
 * B still holds more, one copy is deleted from B (one, not every equal row). A row that agrees by
 * now is left alone.
 */
final class WholeRowRepair {

    private WholeRowRepair() {
    }

    /**
     * Repairs one copy of a row; the caller commits or rolls back B.
     *
     * @return {@code insert}, {@code delete}, or null when the copies agree now
     */
    static String repair(Connection a, Connection b, TablePair pair, Difference d, boolean dryRun) throws SQLException {
        Object[] row = d.key().toArray();
        long onA = copies(a, pair.a(), row);
        long onB = copies(b, pair.b(), row);
        if (onA > onB) {
            if (!dryRun) {
                try (PreparedStatement ps = b.prepareStatement(pair.b().insert())) {
                    pair.b().bindRow(ps, 1, row);
                    ps.executeUpdate();
                }
            }
            return "insert";
        }
        if (onB > onA) {
            if (!dryRun) {
                try (PreparedStatement ps = b.prepareStatement(pair.b().deleteOneCopy(row))) {
                    pair.b().bindMatch(ps, row);
                    ps.executeUpdate();
                }
            }
            return "delete";
        }
        return null;
    }

    private static long copies(Connection c, Side side, Object[] row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(side.countCopies(row))) {
            side.bindMatch(ps, row);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
