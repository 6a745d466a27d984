package io.dualaccess.sql;

import java.util.List;

/**
 * What dualaccess knows of one SQL text, computed once and cached: immutable, so it can cross to
 * the shadow side.
 *
 * @param kind what the statement does
 * @param tables tables it touches, lower case, without quotes; empty when the parser could not tell
 * @param orderBy whether a read has a top-level ORDER BY (rows then compare in order)
 * @param nondeterministic functions or constructs whose value differs when replayed, lower case
 * @param fingerprint the statement with literals replaced by {@code ?} and whitespace collapsed
 * @param insert for a single-table INSERT, how its rows are laid out (for key alignment), else null
 * @param parsed whether the SQL parser understood the statement (else a keyword fallback classified it)
 * @param shape for a read, its ORDER BY and GROUP BY keys (what the comparison needs to know of its rows)
 */
public record StatementInfo(SqlKind kind, List<String> tables, boolean orderBy, List<String> nondeterministic,
                            String fingerprint, InsertShape insert, boolean parsed, ResultShape shape) {

    public StatementInfo {
        shape = shape == null ? ResultShape.NONE : shape;
    }

    /** A statement whose result shape is not known ({@link ResultShape#NONE}). */
    public StatementInfo(SqlKind kind, List<String> tables, boolean orderBy, List<String> nondeterministic,
                         String fingerprint, InsertShape insert, boolean parsed) {
        this(kind, tables, orderBy, nondeterministic, fingerprint, insert, parsed, ResultShape.NONE);
    }

    /** Whether replaying this statement may not produce the same effect. */
    public boolean isNondeterministic() {
        return !nondeterministic.isEmpty();
    }

    /**
     * The layout of an {@code INSERT INTO t (cols) VALUES (…), (…)}.
     *
     * @param table the target table, lower case
     * @param columns the listed columns, lower case, or empty when the statement lists none
     * @param rows number of VALUES rows, or 0 for INSERT … SELECT
     */
    public record InsertShape(String table, List<String> columns, int rows) {
    }
}
