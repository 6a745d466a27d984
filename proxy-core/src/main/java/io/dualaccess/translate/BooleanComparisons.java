package io.dualaccess.translate;

import org.jooq.Field;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.VisitContext;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultVisitListener;
import org.jooq.impl.QOM;

/**
 * Writes MariaDB's and MySQL's {@code active = 1} (booleans are numbers there) as
 * {@code active = true} for an engine with a real boolean type, which refuses to compare a boolean
 * with an integer. Only where the catalog tells jOOQ the column is a boolean, and only for the
 * literals 0 and 1.
 */
final class BooleanComparisons extends DefaultVisitListener {

    @Override
    public void visitStart(VisitContext ctx) {
        QueryPart p = ctx.queryPart();
        if (p instanceof QOM.Eq<?> eq) {
            Boolean b = literal(eq.$arg1(), eq.$arg2());
            if (b != null) {
                ctx.queryPart(booleanSide(eq.$arg1(), eq.$arg2()).eq(DSL.inline(b)));
            }
        } else if (p instanceof QOM.Ne<?> ne) {
            Boolean b = literal(ne.$arg1(), ne.$arg2());
            if (b != null) {
                ctx.queryPart(booleanSide(ne.$arg1(), ne.$arg2()).ne(DSL.inline(b)));
            }
        }
    }

    /** The boolean a 0/1 literal compared with a boolean column stands for, or null. */
    private static Boolean literal(Field<?> x, Field<?> y) {
        Boolean b = bit(x, y);
        return b != null ? b : bit(y, x);
    }

    private static Boolean bit(Field<?> column, Field<?> value) {
        if (!column.getDataType().isBoolean() || !(value instanceof Param<?> param) || !param.isInline()
            || !(param.getValue() instanceof Number n)) {
            return null;
        }
        String s = n.toString();
        return "1".equals(s) ? Boolean.TRUE : "0".equals(s) ? Boolean.FALSE : null;
    }

    @SuppressWarnings("unchecked")
    private static Field<Boolean> booleanSide(Field<?> x, Field<?> y) {
        return (Field<Boolean>) (x.getDataType().isBoolean() ? x : y);
    }
}
