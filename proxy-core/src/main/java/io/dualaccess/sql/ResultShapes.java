package io.dualaccess.sql;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

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
            List<SelectItem<?>> items = plain == null || plain.getSelectItems() == null ? List.of() : plain.getSelectItems();
            if (order != null) {
                for (OrderByElement e : order) {
                    String key = ordinalIfAmbiguous(e.getExpression(), items);
                    key = key != null ? key : key(e.getExpression());
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

    /**
     * {@code #n} for a qualified ORDER BY column whose name labels several result columns but whose
     * qualified name is exactly one select item ({@code v.id} with {@code v.id, s.id} selected, as
     * Hibernate's join fetches are): by label it could not be told apart, by position it can.
     */
    private static String ordinalIfAmbiguous(Expression e, List<SelectItem<?>> items) {
        if (!(e instanceof Column c) || c.getTable() == null || c.getTable().getName() == null || c.getColumnName() == null) {
            return null;
        }
        String name = SqlClassifier.normalise(c.getColumnName());
        String qualified = c.getFullyQualifiedName().toLowerCase(java.util.Locale.ROOT);
        int labelled = 0;
        int found = -1;
        for (int i = 0; i < items.size(); i++) {
            SelectItem<?> item = items.get(i);
            Expression x = item.getExpression();
            String label = item.getAlias() != null ? SqlClassifier.normalise(item.getAlias().getName())
                : x instanceof Column col && col.getColumnName() != null ? SqlClassifier.normalise(col.getColumnName()) : null;
            if (name.equals(label)) {
                labelled++;
            }
            if (x instanceof Column col && qualified.equals(col.getFullyQualifiedName().toLowerCase(java.util.Locale.ROOT))) {
                if (found >= 0) {
                    return null;
                }
                found = i;
            }
        }
        return labelled > 1 && found >= 0 ? "#" + (found + 1) : null;
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
