package io.dualaccess.translate;

import org.jooq.QueryPart;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.VisitContext;
import org.jooq.impl.DefaultVisitListener;

/**
 * Keeps A's place of NULLs in ORDER BY: PostgreSQL sorts NULLs as larger than any value
 * (last ascending), MariaDB, MySQL and H2 as smaller (first ascending). A sort key without
 * {@code NULLS FIRST/LAST} gets A's order written out, which jOOQ renders (or emulates) in B's
 * dialect, so an ordered read returns its rows in the same order on both sides.
 */
final class NullOrdering extends DefaultVisitListener {

    private final boolean sourceNullsHigh;

    private NullOrdering(boolean sourceNullsHigh) {
        this.sourceNullsHigh = sourceNullsHigh;
    }

    /** The listener for a translation, or null when both dialects place NULLs alike. */
    static NullOrdering between(DialectName from, DialectName to) {
        boolean a = nullsHigh(from);
        return a == nullsHigh(to) ? null : new NullOrdering(a);
    }

    private static boolean nullsHigh(DialectName d) {
        return d == DialectName.POSTGRES;
    }

    @Override
    public void visitStart(VisitContext ctx) {
        QueryPart p = ctx.queryPart();
        if (p instanceof SortField<?> s && s.$nullOrdering() == null) {
            boolean descending = s.getOrder() == SortOrder.DESC;
            // Nulls high: last ascending, first descending; nulls low: the reverse.
            boolean last = sourceNullsHigh != descending;
            ctx.queryPart(last ? s.nullsLast() : s.nullsFirst());
        }
    }
}
