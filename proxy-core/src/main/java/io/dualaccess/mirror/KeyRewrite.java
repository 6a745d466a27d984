package io.dualaccess.mirror;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;

import java.util.List;

/**
 * Rewrites a mirrored {@code INSERT … VALUES} so the shadow side stores the key values the
 * authoritative side generated: the key column is added to the column list and each row gets its
 * key as a literal (parameter positions of the original statement are untouched).
 */
final class KeyRewrite {

    private KeyRewrite() {
    }

    /**
     * @param sql the application's INSERT
     * @param column the generated key column
     * @param keys one key value per VALUES row, in order
     * @param overriding whether to add {@code OVERRIDING SYSTEM VALUE} (PostgreSQL and H2 identity columns)
     * @return the rewritten SQL
     * @throws IllegalArgumentException when the statement cannot carry the keys (INSERT … SELECT, row count differs)
     */
    static String withKeys(String sql, String column, List<Object> keys, boolean overriding) {
        Insert ins;
        try {
            ins = (Insert) CCJSqlParserUtil.newParser(sql).Statement();
        } catch (Exception | Error e) {
            throw new IllegalArgumentException("the INSERT could not be parsed to add its keys: " + e.getMessage());
        }
        Values values = ins.getSelect() instanceof Values v ? v : null;
        if (values == null || values.getExpressions() == null || ins.getColumns() == null || ins.getColumns().isEmpty()) {
            throw new IllegalArgumentException("only INSERT … (columns) VALUES … can carry generated keys");
        }
        ExpressionList<?> exprs = values.getExpressions();
        boolean multi = !exprs.isEmpty() && exprs.get(0) instanceof ParenthesedExpressionList<?>;
        int rows = multi ? exprs.size() : 1;
        if (rows != keys.size()) {
            throw new IllegalArgumentException(rows + " row(s) but " + keys.size() + " generated key(s)");
        }
        ins.getColumns().add(new Column(column));
        if (multi) {
            for (int i = 0; i < rows; i++) {
                add((ExpressionList<?>) exprs.get(i), literal(keys.get(i)));
            }
        } else {
            add(exprs, literal(keys.get(0)));
        }
        if (overriding) {
            ins.setOverriding(true);
        }
        return ins.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(ExpressionList list, Expression e) {
        list.add(e);
    }

    private static Expression literal(Object key) {
        if (key instanceof Number n && !(key instanceof java.math.BigDecimal d && d.scale() > 0)) {
            return new LongValue(n.longValue());
        }
        return new StringValue(String.valueOf(key).replace("'", "''"));
    }
}
