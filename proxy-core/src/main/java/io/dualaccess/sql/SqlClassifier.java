package io.dualaccess.sql;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classifies SQL text once and caches the answer by text. The cache is bounded: past its size,
 * new texts are classified each time instead of growing memory (applications that build SQL with
 * literals produce unbounded distinct texts).
 */
public final class SqlClassifier {

    private final Map<String, StatementInfo> cache = new ConcurrentHashMap<>();
    private final int maxEntries;

    /** @param maxEntries most distinct SQL texts kept */
    public SqlClassifier(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The classification of {@code sql}, from the cache when seen before. */
    public StatementInfo classify(String sql) {
        StatementInfo info = cache.get(sql);
        if (info == null) {
            info = classifyUncached(sql);
            if (cache.size() < maxEntries) {
                cache.putIfAbsent(sql, info);
            }
        }
        return info;
    }

    /** Classifies without the cache. */
    public static StatementInfo classifyUncached(String sql) {
        Fingerprint.Result scan = Fingerprint.scan(sql);
        try {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(sql);
            Statement st = parser.Statement();
            return fromParsed(st, scan);
        } catch (Exception | Error parseFailure) {
            // Vendor dialects the parser does not know still route by their first keyword.
            return new StatementInfo(byKeyword(scan.fingerprint()), List.of(), hasOrderBy(scan.fingerprint()),
                scan.nondeterministic(), scan.fingerprint(), null, false);
        }
    }

    private static StatementInfo fromParsed(Statement st, Fingerprint.Result scan) {
        SqlKind kind;
        StatementInfo.InsertShape insert = null;
        boolean orderBy = false;
        ResultShape shape = ResultShape.NONE;
        List<String> nondet = new ArrayList<>(scan.nondeterministic());
        if (st instanceof Select select) {
            kind = SqlKind.READ;
            orderBy = select.getOrderByElements() != null && !select.getOrderByElements().isEmpty()
                || select.getPlainSelect() != null && select.getPlainSelect().getOrderByElements() != null
                && !select.getPlainSelect().getOrderByElements().isEmpty();
            if (select.getPlainSelect() != null && select.getPlainSelect().getForMode() != null) {
                // SELECT … FOR UPDATE takes locks but writes nothing: still a read.
                kind = SqlKind.READ;
            }
            shape = ResultShapes.of(select);
        } else if (st instanceof Insert ins) {
            kind = SqlKind.WRITE;
            insert = insertShape(ins);
        } else if (st instanceof Update up) {
            kind = SqlKind.WRITE;
            if (up.getLimit() != null && (up.getOrderByElements() == null || up.getOrderByElements().isEmpty())) {
                nondet.add("limit without order by");
            }
        } else if (st instanceof Delete del) {
            kind = SqlKind.WRITE;
            if (del.getLimit() != null && (del.getOrderByElements() == null || del.getOrderByElements().isEmpty())) {
                nondet.add("limit without order by");
            }
        } else if (st instanceof Merge || st instanceof Upsert) {
            kind = SqlKind.WRITE;
        } else {
            kind = byKeyword(scan.fingerprint());
        }
        List<String> tables = tables(st);
        return new StatementInfo(kind, tables, orderBy, List.copyOf(nondet), scan.fingerprint(), insert, true, shape);
    }

    private static StatementInfo.InsertShape insertShape(Insert ins) {
        String table = normalise(ins.getTable().getFullyQualifiedName());
        List<String> columns = new ArrayList<>();
        if (ins.getColumns() != null) {
            ins.getColumns().forEach(c -> columns.add(normalise(c.getColumnName())));
        }
        int rows = 0;
        Values values = ins.getSelect() instanceof Values v ? v : null;
        if (values != null && values.getExpressions() != null) {
            rows = 1;
            Object first = values.getExpressions().isEmpty() ? null : values.getExpressions().get(0);
            if (first instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?>) {
                rows = values.getExpressions().size();
            }
        }
        return new StatementInfo.InsertShape(table, List.copyOf(columns), rows);
    }

    private static List<String> tables(Statement st) {
        try {
            List<String> out = new ArrayList<>();
            for (String t : new TablesNamesFinder<>().getTables(st)) {
                String n = normalise(t);
                if (!out.contains(n)) {
                    out.add(n);
                }
            }
            return List.copyOf(out);
        } catch (RuntimeException unsupported) {
            return List.of();
        }
    }

    /** Lower case without quotes: {@code "Shop"."Orders"} is {@code shop.orders}. */
    public static String normalise(String name) {
        return name.replace("\"", "").replace("`", "").replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
    }

    private static boolean hasOrderBy(String fingerprint) {
        return fingerprint.contains(" order by ");
    }

    static SqlKind byKeyword(String fingerprint) {
        String s = fingerprint.startsWith("(") ? fingerprint.substring(1).trim() : fingerprint;
        int space = s.indexOf(' ');
        String first = space < 0 ? s : s.substring(0, space);
        first = first.replace(";", "");
        return switch (first) {
            case "select", "with", "values", "show", "explain", "describe", "desc", "table" -> SqlKind.READ;
            case "insert", "update", "delete", "merge", "replace", "upsert" -> SqlKind.WRITE;
            case "create", "alter", "drop", "truncate", "rename", "comment", "grant", "revoke" -> SqlKind.DDL;
            case "begin", "commit", "rollback", "savepoint", "release", "start", "end" -> SqlKind.TRANSACTION;
            case "call", "exec", "execute", "{call", "{?" -> SqlKind.CALL;
            default -> fingerprint.startsWith("{") ? SqlKind.CALL : SqlKind.OTHER;
        };
    }
}
