package io.dualaccess.sql;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

import java.util.ArrayList;
import java.util.List;

/** Reads a parsed SELECT's ORDER BY and GROUP BY keys ({@link ResultShape}). */
final class ResultShapes {

    private ResultShapes() {
    }

    static ResultShape of(Select select) {
        try {
            List<OrderByElement> order = select.getOrderByElements();
            PlainSelect plain = select instanceof PlainSelect p ? p : null;
            if ((order == null || order.isEmpty()) && plain != null) {
                order = plain.getOrderByElements();
            }
            List<String> orderKeys = new ArrayList<>();
            String unresolved = null;
            if (order != null) {
                for (OrderByElement e : order) {
                    String key = key(e.getExpression());
                    if (key == null) {
                        unresolved = String.valueOf(e.getExpression());
                        orderKeys.clear();
                        break;
                    }
                    orderKeys.add(key);
                }
            }
            List<String> groupKeys = new ArrayList<>();
            GroupByElement group = plain == null ? null : plain.getGroupBy();
            if (group != null && group.getGroupByExpressionList() != null) {
                for (Object o : group.getGroupByExpressionList()) {
                    String key = o instanceof Expression x ? key(x) : null;
                    if (key == null) {
                        groupKeys.clear();
                        break;
                    }
                    groupKeys.add(key);
                }
            }
            return new ResultShape(orderKeys, unresolved, groupKeys);
        } catch (RuntimeException unsupported) {
            return ResultShape.NONE;
        }
    }

    /** A column reference without its qualifier, or {@code #n} for an ordinal; null for anything else. */
    private static String key(Expression e) {
        if (e instanceof Column c && c.getColumnName() != null) {
            return SqlClassifier.normalise(c.getColumnName());
        }
        if (e instanceof LongValue v) {
            return "#" + v.getValue();
        }
        return null;
    }
}
