package io.dualaccess.translate;

import io.dualaccess.keyset.TableNames;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Table;
import org.jooq.VisitContext;
import org.jooq.VisitListener;
import org.jooq.VisitListenerProvider;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultVisitListener;
import org.jooq.impl.DefaultVisitListenerProvider;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Table and column renames from A's names to B's ({@code dualaccess.map.file}), applied while
 * jOOQ renders B's SQL. The file is a properties file:
 * <pre>
 * # table: A's name = B's name (may be schema-qualified)
 * orders = sales.orders
 * # column: A's table.column = B's column
 * orders.cust_id = customer_id
 * </pre>
 * Names are A's as the application writes them, compared case-insensitively. A renamed column in a
 * select list keeps A's label ({@code customer_id as cust_id}), so results compare column by column.
 */
public final class SchemaMapping implements TableNames {

    /** No renames. */
    public static final SchemaMapping NONE = new SchemaMapping(Map.of(), Map.of());

    /** A's table (lower case) to B's name parts. */
    private final Map<String, String[]> tables;
    /** A's table (lower case) to its renamed columns: A's column (lower case) to B's. */
    private final Map<String, Map<String, String>> columns;

    private SchemaMapping(Map<String, String[]> tables, Map<String, Map<String, String>> columns) {
        this.tables = tables;
        this.columns = columns;
    }

    /** Whether nothing is renamed. */
    public boolean none() {
        return tables.isEmpty() && columns.isEmpty();
    }

    /** B's name of A's table (as written in the file), or A's name when it is not renamed. */
    @Override
    public String table(String aTable) {
        String[] b = tables.get(lower(aTable));
        return b == null ? aTable : String.join(".", b);
    }

    /** B's name of a column of A's table, or the column itself when it is not renamed. */
    @Override
    public String column(String aTable, String aColumn) {
        Map<String, String> c = columns.get(lower(aTable));
        String b = c == null ? null : c.get(lower(aColumn));
        return b == null ? aColumn : b;
    }

    /** The renames from B's names back to A's (for B's SQL sent to A), keyed by B's unqualified table names. */
    public SchemaMapping inverse() {
        if (none()) {
            return this;
        }
        Map<String, String[]> t = new HashMap<>();
        Map<String, String> bTableOf = new HashMap<>();
        for (Map.Entry<String, String[]> e : tables.entrySet()) {
            String b = lower(e.getValue()[e.getValue().length - 1]);
            t.put(b, new String[] {e.getKey()});
            bTableOf.put(e.getKey(), b);
        }
        Map<String, Map<String, String>> c = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> e : columns.entrySet()) {
            Map<String, String> back = new HashMap<>();
            e.getValue().forEach((a, b) -> back.put(lower(b), a));
            c.put(bTableOf.getOrDefault(e.getKey(), e.getKey()), Map.copyOf(back));
        }
        return new SchemaMapping(Map.copyOf(t), Map.copyOf(c));
    }

    /**
     * Reads a mapping file.
     *
     * @throws IllegalArgumentException naming the file, the entry and what was expected
     */
    public static SchemaMapping read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            entries.put(k, p.getProperty(k));
        }
        return of(entries, file.toString());
    }

    /** A mapping from {@code A's name = B's name} entries ({@code source} names them in messages). */
    public static SchemaMapping of(Map<String, String> entries, String source) {
        Map<String, String[]> tables = new HashMap<>();
        Map<String, Map<String, String>> columns = new HashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = lower(e.getKey().strip());
            String value = e.getValue().strip();
            if (!key.matches("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)?")) {
                throw new IllegalArgumentException(source + ": '" + e.getKey() + "' is not a table or table.column of A");
            }
            int dot = key.indexOf('.');
            if (dot < 0) {
                if (!value.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?")) {
                    throw new IllegalArgumentException(source + ": " + key + " = '" + value
                        + "': expected B's table name (table or schema.table)");
                }
                tables.put(key, value.split("\\."));
            } else {
                if (!value.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
                    throw new IllegalArgumentException(source + ": " + key + " = '" + value + "': expected B's column name");
                }
                columns.computeIfAbsent(key.substring(0, dot), t -> new HashMap<>()).put(key.substring(dot + 1), value);
            }
        }
        return tables.isEmpty() && columns.isEmpty() ? NONE : new SchemaMapping(Map.copyOf(tables), Map.copyOf(columns));
    }

    /**
     * Renders a parsed statement with B's names: a first rendering finds the tables and their
     * aliases, a second one renames (the mapping needs to know which table {@code o.cust_id} is).
     */
    String render(DSLContext dsl, Query q) {
        if (none()) {
            return dsl.renderNamedOrInlinedParams(q);
        }
        Scan scan = new Scan();
        with(dsl, scan).renderNamedOrInlinedParams(q);
        return with(dsl, new Rename(scan)).renderNamedOrInlinedParams(q);
    }

    /** The context with one more listener after those it has. */
    private static DSLContext with(DSLContext dsl, VisitListener listener) {
        VisitListenerProvider[] base = dsl.configuration().visitListenerProviders();
        VisitListenerProvider[] all = Arrays.copyOf(base, base.length + 1);
        all[base.length] = new DefaultVisitListenerProvider(listener);
        return DSL.using(dsl.configuration().derive(all));
    }

    /** Collects, in a first rendering, the tables a statement reads and the aliases it gives them. */
    final class Scan extends DefaultVisitListener {
        final Map<String, String> aliases = new HashMap<>();
        final Set<String> tablesSeen = new HashSet<>();

        @Override
        public void visitStart(VisitContext ctx) {
            QueryPart p = ctx.queryPart();
            if (p instanceof Table<?> t && isTableImpl(p) && !underField(ctx)) {
                String name = lower(t.getName());
                tablesSeen.add(name);
                QueryPart[] parts = ctx.queryParts();
                int n = ctx.queryPartsLength();
                // TableAlias > Alias > TableImpl: "orders o".
                if (n >= 3 && parts[n - 3] instanceof Table<?> alias && parts[n - 3].getClass().getSimpleName().equals("TableAlias")) {
                    aliases.put(lower(alias.getName()), name);
                }
            }
        }
    }

    /** Renames, in the rendering of B's SQL, what {@link Scan} found. */
    final class Rename extends DefaultVisitListener {
        private final Scan scan;

        Rename(Scan scan) {
            this.scan = scan;
        }

        @Override
        public void visitStart(VisitContext ctx) {
            QueryPart p = ctx.queryPart();
            if (p instanceof Table<?> t && isTableImpl(p) && !underField(ctx)) {
                String[] b = tables.get(lower(t.getName()));
                if (b != null) {
                    ctx.queryPart(DSL.table(DSL.unquotedName(b)));
                }
            } else if (p instanceof Field<?> f && p.getClass().getSimpleName().equals("TableFieldImpl")) {
                Name q = f.getQualifiedName();
                String[] parts = q.getName();
                String column = parts[parts.length - 1];
                String table = owner(parts, column);
                if (table == null) {
                    return;
                }
                String renamed = columns.get(table).get(lower(column));
                if (renamed == null) {
                    return;
                }
                String[] out = parts.clone();
                out[out.length - 1] = renamed;
                Field<Object> field = DSL.field(q.quoted() == Name.Quoted.QUOTED ? DSL.quotedName(out) : DSL.unquotedName(out));
                ctx.queryPart(inSelectList(ctx) ? field.as(column) : field);
            }
        }

        /** The table of A that a column reference belongs to, when it has renamed columns. */
        private String owner(String[] parts, String column) {
            if (parts.length >= 2) {
                String q = lower(parts[parts.length - 2]);
                String t = scan.aliases.getOrDefault(q, q);
                return columns.containsKey(t) ? t : null;
            }
            String found = null;
            for (String t : scan.tablesSeen) {
                Map<String, String> c = columns.get(t);
                if (c != null && c.containsKey(lower(column))) {
                    if (found != null) {
                        return null;
                    }
                    found = t;
                }
            }
            return found;
        }
    }

    private static boolean isTableImpl(QueryPart p) {
        return p.getClass().getSimpleName().equals("TableImpl");
    }

    /** A table reference that qualifies a column ({@code o.id}) is not a FROM item. */
    private static boolean underField(VisitContext ctx) {
        int n = ctx.queryPartsLength();
        return n >= 2 && ctx.queryParts()[n - 2] instanceof Field<?>;
    }

    private static boolean inSelectList(VisitContext ctx) {
        int n = ctx.queryPartsLength();
        return n >= 2 && ctx.queryParts()[n - 2].getClass().getSimpleName().equals("SelectFieldList");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
