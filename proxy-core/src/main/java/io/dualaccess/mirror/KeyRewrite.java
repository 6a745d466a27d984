package io.dualaccess.mirror;

import io.dualaccess.param.CapturedParameters.Param;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites a mirrored {@code INSERT … VALUES} so the shadow side stores the key values the
 * authoritative side generated: the key column is added to the column list and each row gets its
 * key. A prepared statement gets each key as one more bind parameter, so the shadow side's SQL
 * text stays the same from one execution to the next (the driver's and the server's prepared
 * statement caches keep working); a plain statement, or a key that is not a whole number, gets it
 * as a literal, as the application's own text would.
 */
final class KeyRewrite {

    private KeyRewrite() {
    }

    /**
     * The statement with its keys written as literals.
     *
     * @param sql the application's INSERT
     * @param column the generated key column
     * @param keys one key value per VALUES row, in order
     * @param overriding whether to add {@code OVERRIDING SYSTEM VALUE} (PostgreSQL and H2 identity columns)
     * @return the rewritten SQL
     * @throws IllegalArgumentException when the statement cannot carry the keys (INSERT … SELECT, row count differs)
     */
    static String withKeys(String sql, String column, List<Object> keys, boolean overriding) {
        return template(sql, column, overriding).withLiterals(keys);
    }

    /** Rewritten statements cached by text: beyond this many distinct INSERTs the cache starts again. */
    static final int MAX_TEMPLATES = 10_000;
    private static final ConcurrentHashMap<TemplateKey, Template> TEMPLATES = new ConcurrentHashMap<>();
    /** Stands for a key while the statement is rewritten once; never appears in an application's SQL. */
    private static final String MARKER = "dualaccess-key-" + UUID.randomUUID() + "-";

    private record TemplateKey(String sql, String column, boolean overriding) {
    }

    /**
     * The rewritten statement split around its keys: {@code parts.length == rows + 1}, and
     * {@code before[i]} is how many of the application's parameters precede row {@code i}'s key.
     */
    record Template(int rows, String[] parts, int[] before, String bound) {

        /** The text with a parameter marker for each key: the same for every execution. */
        String sql() {
            return bound;
        }

        /** Whether these keys can be bound (whole numbers); other keys are written as literals. */
        static boolean bindable(List<Object> keys) {
            for (Object k : keys) {
                if (!wholeNumber(k)) {
                    return false;
                }
            }
            return true;
        }

        /** The text with the keys as literals. */
        String withLiterals(List<Object> keys) {
            checkRows(keys);
            StringBuilder out = new StringBuilder(bound.length() + 16 * parts.length);
            out.append(parts[0]);
            for (int i = 0; i < keys.size(); i++) {
                out.append(literal(keys.get(i))).append(parts[i + 1]);
            }
            return out.toString();
        }

        /**
         * Sets the application's parameters, moved past the key markers before them, and the keys
         * on a statement prepared with {@link #sql()}.
         */
        void bind(PreparedStatement ps, Param[] params, List<Object> keys) throws SQLException {
            checkRows(keys);
            if (params != null) {
                for (Param p : params) {
                    if (p != null) {
                        p.apply(ps, shifted(p.index()));
                    }
                }
            }
            for (int i = 0; i < rows; i++) {
                ps.setLong(before[i] + i + 1, ((Number) keys.get(i)).longValue());
            }
        }

        /** Where the application's parameter {@code index} is in the rewritten text. */
        int shifted(int index) {
            int keysBefore = 0;
            while (keysBefore < rows && before[keysBefore] < index) {
                keysBefore++;
            }
            return index + keysBefore;
        }

        private void checkRows(List<Object> keys) {
            if (rows != keys.size()) {
                throw new IllegalArgumentException(rows + " row(s) but " + keys.size() + " generated key(s)");
            }
        }
    }

    /**
     * The statement rewritten once (JSqlParser costs hundreds of microseconds) and cached by text;
     * later executions only fill the holes.
     *
     * @throws IllegalArgumentException when the statement cannot carry keys
     */
    static Template template(String sql, String column, boolean overriding) {
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
        int[] before = new int[rows];
        int from = 0;
        int params = 0;
        for (int i = 0; i < rows; i++) {
            String hole = "'" + MARKER + i + "'";
            int at = text.indexOf(hole, from);
            if (at < 0) {
                throw new IllegalArgumentException("the INSERT could not be rewritten to add its keys");
            }
            parts[i] = text.substring(from, at);
            params += markers(parts[i]);
            before[i] = params;
            from = at + hole.length();
        }
        parts[rows] = text.substring(from);
        return new Template(rows, parts, before, String.join("?", parts));
    }

    /**
     * Parameter markers in a piece of JSqlParser's output, as a JDBC driver counts them: a
     * {@code ?} outside quotes ({@code ??} is PostgreSQL's escaped operator). JSqlParser drops
     * comments, and the pieces are cut between whole expressions, so no quote spans two pieces.
     */
    static int markers(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = s.indexOf(c, i + 1);
                i = end < 0 ? s.length() : end;
            } else if (c == '?') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '?') {
                    i++;
                } else {
                    n++;
                }
            }
        }
        return n;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(ExpressionList list, Expression e) {
        list.add(e);
    }

    /** A key as SQL text: a number as digits, anything else as a quoted string. */
    private static String literal(Object key) {
        if (wholeNumber(key)) {
            return Long.toString(((Number) key).longValue());
        }
        return "'" + String.valueOf(key).replace("'", "''") + "'";
    }

    /** A key that is a whole number: written as digits, or bound with setLong. */
    private static boolean wholeNumber(Object key) {
        return key instanceof Number && !(key instanceof BigDecimal d && d.scale() > 0);
    }
}
