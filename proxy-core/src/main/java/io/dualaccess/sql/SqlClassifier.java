package io.dualaccess.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies SQL text once and caches the answer by text. The cache is bounded (Caffeine, by size,
 * evicting the texts least likely to come back), so applications that build SQL with literals cannot
 * grow memory, and the texts an application keeps running stay cached however many others it ran.
 */
public final class SqlClassifier {

    private final Cache<String, StatementInfo> cache;

    /** @param maxEntries most distinct SQL texts kept */
    public SqlClassifier(int maxEntries) {
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    }

    /** The classification of {@code sql}, from the cache when seen before. */
    public StatementInfo classify(String sql) {
        StatementInfo info = cache.getIfPresent(sql);
        if (info == null) {
            // Computed outside the cache's lock: two threads may both classify a new text, which is harmless.
            info = classifyUncached(sql);
            cache.put(sql, info);
        }
        return info;
    }

    /** Number of texts cached now (for tests and status). */
    public long cachedTexts() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Classifies without the cache. */
    public static StatementInfo classifyUncached(String sql) {
        StatementInfo info = classifyText(sql);
        // Whether the mirror may join the text with others (PairedConnection's pipeline): found here,
        // once per text, rather than by a scan at every mirrored execution.
        return info.kind() == SqlKind.WRITE ? info.joinable(JoinableText.placeholders(sql)) : info;
    }

    private static StatementInfo classifyText(String sql) {
        Fingerprint.Result scan = Fingerprint.scan(sql);
        try {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(sql);
            Statement st = parser.Statement();
            return fromParsed(st, scan);
        } catch (Exception | Error parseFailure) {
            StatementInfo delta = deltaTable(sql, scan);
            if (delta != null) {
                return delta;
            }
            // Vendor dialects the parser does not know still route by their first keyword.
            return new StatementInfo(byKeyword(scan.fingerprint()), List.of(), hasOrderBy(scan.fingerprint()),
                scan.nondeterministic(), scan.fingerprint(), null, false);
        }
    }

    /** H2's data change delta tables: {@code SELECT … FROM FINAL|NEW|OLD TABLE (INSERT|UPDATE|DELETE|MERGE …)}. */
    private static final Pattern DELTA_TABLE = Pattern.compile(
        "\\b(?:final|new|old)\\s+table\\s*\\(\\s*(?=(?:insert|update|delete|merge)\\b)", Pattern.CASE_INSENSITIVE);

    /**
     * A query over the rows a write changes is a write that returns rows: mirrored, never replayed as
     * a read. Its tables come from the inner write; its keys are not carried (the text to mirror is
     * the whole query, which KeyRewrite cannot extend).
     */
    private static StatementInfo deltaTable(String sql, Fingerprint.Result scan) {
        if (!scan.fingerprint().startsWith("select") && !scan.fingerprint().startsWith("(")) {
            return null;
        }
        Matcher m = DELTA_TABLE.matcher(sql);
        if (!m.find()) {
            return null;
        }
        int depth = 1;
        int end = m.end();
        while (end < sql.length() && depth > 0) {
            char ch = sql.charAt(end);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            }
            end++;
        }
        StatementInfo inner = classifyText(sql.substring(m.end(), depth == 0 ? end - 1 : end));
        if (inner.kind() != SqlKind.WRITE) {
            return null;
        }
        return new StatementInfo(SqlKind.WRITE, inner.tables(), false, scan.nondeterministic(), scan.fingerprint(), null,
            false, true);
    }

    private static StatementInfo fromParsed(Statement st, Fingerprint.Result scan) {
        SqlKind kind;
        StatementInfo.InsertShape insert = null;
        boolean orderBy = false;
        ResultShape shape = ResultShape.NONE;
        boolean returnsRows = false;
        List<String> written = null;
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
            written = modifiedByWith(select);
            if (!written.isEmpty()) {
                // WITH x AS (INSERT … RETURNING …) SELECT … FROM x: a write that answers rows.
                kind = SqlKind.WRITE;
                returnsRows = true;
            }
        } else if (st instanceof Insert ins) {
            kind = SqlKind.WRITE;
            insert = insertShape(ins);
            returnsRows = ins.getReturningClause() != null;
        } else if (st instanceof Update up) {
            kind = SqlKind.WRITE;
            returnsRows = up.getReturningClause() != null;
            if (up.getLimit() != null && (up.getOrderByElements() == null || up.getOrderByElements().isEmpty())) {
                nondet.add("limit without order by");
            }
        } else if (st instanceof Delete del) {
            kind = SqlKind.WRITE;
            returnsRows = del.getReturningClause() != null;
            if (del.getLimit() != null && (del.getOrderByElements() == null || del.getOrderByElements().isEmpty())) {
                nondet.add("limit without order by");
            }
        } else if (st instanceof Merge || st instanceof Upsert) {
            kind = SqlKind.WRITE;
        } else {
            kind = byKeyword(scan.fingerprint());
        }
        List<String> tables = tables(st);
        if (written != null && !written.isEmpty()) {
            // The finder does not follow writes inside WITH; they are the tables that matter here.
            List<String> all = new ArrayList<>(written);
            for (String t : tables) {
                if (!all.contains(t)) {
                    all.add(t);
                }
            }
            tables = List.copyOf(all);
        }
        return new StatementInfo(kind, tables, orderBy, List.copyOf(nondet), scan.fingerprint(), insert, true, shape, returnsRows);
    }

    /** The tables written by data-modifying statements in a query's WITH clause (PostgreSQL), else empty. */
    private static List<String> modifiedByWith(Select select) {
        if (select.getWithItemsList() == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (WithItem<?> w : select.getWithItemsList()) {
            Object inner = w.getParenthesedStatement();
            // The parser wraps the write: the parenthesised form holds it.
            inner = inner instanceof ParenthesedInsert p ? p.getInsert() : inner instanceof ParenthesedUpdate p ? p.getUpdate()
                : inner instanceof ParenthesedDelete p ? p.getDelete() : inner;
            Table t = inner instanceof Insert i ? i.getTable()
                : inner instanceof Update u ? u.getTable() : inner instanceof Delete d ? d.getTable() : null;
            if (t != null) {
                String n = normalise(t.getFullyQualifiedName());
                if (!out.contains(n)) {
                    out.add(n);
                }
            }
        }
        return out;
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
