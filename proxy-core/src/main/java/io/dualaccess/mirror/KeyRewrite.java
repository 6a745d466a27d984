package io.dualaccess.mirror;

import net.sf.jsqlparser.expression.Expression;
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
        Template t = template(sql, column, overriding);
        if (t.rows() != keys.size()) {
            throw new IllegalArgumentException(t.rows() + " row(s) but " + keys.size() + " generated key(s)");
        }
        String[] parts = t.parts();
        StringBuilder out = new StringBuilder(sql.length() + 16 * parts.length);
        out.append(parts[0]);
        for (int i = 0; i < keys.size(); i++) {
            out.append(literal(keys.get(i))).append(parts[i + 1]);
        }
        return out.toString();
    }

    /** Rewritten statements cached by text: beyond this many distinct INSERTs the cache starts again. */
    static final int MAX_TEMPLATES = 10_000;
    private static final java.util.concurrent.ConcurrentHashMap<TemplateKey, Template> TEMPLATES = new java.util.concurrent.ConcurrentHashMap<>();
    /** Stands for a key while the statement is rewritten once; never appears in an application's SQL. */
    private static final String MARKER = "dualaccess-key-" + java.util.UUID.randomUUID() + "-";

    private record TemplateKey(String sql, String column, boolean overriding) {
    }

    /** The rewritten statement split around its key literals: parts.length == rows + 1. */
    private record Template(int rows, String[] parts) {
    }

    /**
     * Parses and rewrites a statement once (JSqlParser costs hundreds of microseconds), keeping the
     * rewritten text with a hole for each row's key; later executions only fill the holes.
     */
    private static Template template(String sql, String column, boolean overriding) {
        TemplateKey key = new TemplateKey(sql, column, overriding);
        Template t = TEMPLATES.get(key);
        if (t == null) {
            t = parse(sql, column, overriding);
            if (TEMPLATES.size() >= MAX_TEMPLATES) {
                TEMPLATES.clear();
            }
            TEMPLATES.put(key, t);
        }
        return t;
    }

    private static Template parse(String sql, String column, boolean overriding) {
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
        ins.getColumns().add(new Column(column));
        if (multi) {
            for (int i = 0; i < rows; i++) {
                add((ExpressionList<?>) exprs.get(i), new StringValue(MARKER + i));
            }
        } else {
            add(exprs, new StringValue(MARKER + 0));
        }
        if (overriding) {
            ins.setOverriding(true);
        }
        String text = ins.toString();
        String[] parts = new String[rows + 1];
        int from = 0;
        for (int i = 0; i < rows; i++) {
            String hole = "'" + MARKER + i + "'";
            int at = text.indexOf(hole, from);
            if (at < 0) {
                throw new IllegalArgumentException("the INSERT could not be rewritten to add its keys");
            }
            parts[i] = text.substring(from, at);
            from = at + hole.length();
        }
        parts[rows] = text.substring(from);
        return new Template(rows, parts);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(ExpressionList list, Expression e) {
        list.add(e);
    }

    /** A key as SQL text: a number as digits, anything else as a quoted string. */
    private static String literal(Object key) {
        if (key instanceof Number n && !(key instanceof java.math.BigDecimal d && d.scale() > 0)) {
            return Long.toString(n.longValue());
        }
        return "'" + String.valueOf(key).replace("'", "''") + "'";
    }
}
