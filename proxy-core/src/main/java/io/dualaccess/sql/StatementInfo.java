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
 * @param returnsRows whether a write answers rows itself ({@code INSERT … RETURNING}, a data-modifying
 *                    {@code WITH}, H2's {@code SELECT … FROM FINAL TABLE (INSERT …)}): the driver must
 *                    then not be asked for generated keys, which some drivers answer with those rows
 * @param joinableParameters for a write, the number of its {@code ?} placeholders when its text may be
 *                           joined with others into one multi-statement text (the mirror's pipeline,
 *                           {@link JoinableText}), else -1: scanned once per text, with the rest of the
 *                           classification, not at every mirrored execution
 */
public record StatementInfo(SqlKind kind, List<String> tables, boolean orderBy, List<String> nondeterministic,
                            String fingerprint, InsertShape insert, boolean parsed, ResultShape shape, boolean returnsRows,
                            int joinableParameters) {

    public StatementInfo {
        shape = shape == null ? ResultShape.NONE : shape;
    }

    /** A statement whose text was not checked for joining ({@link #joinableParameters} -1). */
    public StatementInfo(SqlKind kind, List<String> tables, boolean orderBy, List<String> nondeterministic,
                         String fingerprint, InsertShape insert, boolean parsed, ResultShape shape, boolean returnsRows) {
        this(kind, tables, orderBy, nondeterministic, fingerprint, insert, parsed, shape, returnsRows, -1);
    }

    /** The same classification, with what {@link JoinableText} found of its text. */
    StatementInfo joinable(int parameters) {
        return new StatementInfo(kind, tables, orderBy, nondeterministic, fingerprint, insert, parsed, shape, returnsRows,
            parameters);
    }

    /** A statement whose result shape is not known ({@link ResultShape#NONE}) and that answers no rows of its own. */
    public StatementInfo(SqlKind kind, List<String> tables, boolean orderBy, List<String> nondeterministic,
                         String fingerprint, InsertShape insert, boolean parsed) {
        this(kind, tables, orderBy, nondeterministic, fingerprint, insert, parsed, ResultShape.NONE, false);
    }

    /** A read with its result shape. */
    public StatementInfo(SqlKind kind, List<String> tables, boolean orderBy, List<String> nondeterministic,
                         String fingerprint, InsertShape insert, boolean parsed, ResultShape shape) {
        this(kind, tables, orderBy, nondeterministic, fingerprint, insert, parsed, shape, false);
    }

    /** A write that may answer rows of its own. */
    public StatementInfo(SqlKind kind, List<String> tables, boolean orderBy, List<String> nondeterministic,
                         String fingerprint, InsertShape insert, boolean parsed, boolean returnsRows) {
        this(kind, tables, orderBy, nondeterministic, fingerprint, insert, parsed, ResultShape.NONE, returnsRows);
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
