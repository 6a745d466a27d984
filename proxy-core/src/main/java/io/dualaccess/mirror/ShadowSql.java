package io.dualaccess.mirror;

import io.dualaccess.param.Setter;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.translate.SqlTemplate;
import io.dualaccess.translate.Translation;
import io.dualaccess.translate.Translator;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the shadow side runs for what the application ran: the translator's SQL with the
 * parameters rearranged by its plan (an array bound to {@code = any (?)} becomes one parameter per
 * element). Made on the application's thread, so array elements are read while the application's
 * array is alive; the result is a snapshot like any other.
 */
public final class ShadowSql {

    private ShadowSql() {
    }

    /** One execution for the shadow side: its SQL and parameters, or why it is skipped. */
    public record Execution(String sql, Param[] params, boolean translated, String skipReason, String message, boolean upsert) {

        /** Whether it is not sent to the shadow side. */
        public boolean skipped() {
            return skipReason != null;
        }

        /** The SQL to name in events as the shadow side's, or null when it runs the application's. */
        public String shownSql() {
            return translated ? sql : null;
        }
    }

    /**
     * The shadow side's execution of one SQL text with its parameters (null for a plain statement).
     *
     * @param fingerprint the statement's fingerprint (overrides are found by it)
     */
    public static Execution of(Translator translator, String sql, String fingerprint, Param[] params) {
        Translation t = translator.translate(sql, fingerprint);
        if (t.skipped()) {
            return new Execution(null, null, false, t.reason(), t.message(), false);
        }
        SqlTemplate template = t.template();
        if (template == null) {
            return new Execution(sql, params, false, null, null, false);
        }
        try {
            Object[][] lists = template.hasLists() ? lists(template, params) : null;
            String bSql = lists == null ? template.sql() : template.render(i -> lists[i].length);
            return new Execution(bSql, params == null ? null : bind(template, params, lists), true, null, null, t.upsert());
        } catch (SQLException | RuntimeException e) {
            return new Execution(null, null, false, Translation.UNTRANSLATABLE, e.getMessage(), false);
        }
    }

    /**
     * The shadow side's work for a work of the application's: every SQL text translated and every
     * parameter set rearranged; a text that cannot be translated makes the whole work skipped.
     *
     * @param fingerprints the fingerprint of each SQL text of the work
     */
    public static Translated work(Translator translator, Work work, List<String> fingerprints) {
        if (!translator.active()) {
            return new Translated(work, false, null, null, false);
        }
        List<String> sqls = new ArrayList<>(work.size());
        List<Param[]> rows = new ArrayList<>(work.rows().size());
        boolean translated = false;
        boolean varying = false;
        boolean upsert = false;
        for (int i = 0; i < work.size(); i++) {
            String sql = work.sql(i);
            Execution e = of(translator, sql, fingerprints.get(work.sqls().size() == 1 ? 0 : i), work.params(i));
            if (e.skipped()) {
                return new Translated(null, false, e.skipReason(), e.message(), false);
            }
            translated |= e.translated();
            upsert |= e.upsert();
            sqls.add(e.sql());
            if (work.prepared() && i < work.rows().size()) {
                rows.add(e.params());
            }
            varying |= i > 0 && !e.sql().equals(sqls.get(0));
        }
        if (!translated) {
            return new Translated(work, false, null, null, false);
        }
        // One text for every execution unless array lengths made them differ.
        List<String> texts = work.prepared() && !varying ? List.of(sqls.get(0)) : sqls;
        return new Translated(new Work(texts, work.prepared() ? rows : work.rows(), work.prepared(), work.batch(),
            work.keyColumn(), work.keys(), work.problem()), true, null, null, upsert);
    }

    /** A work as the shadow side runs it, or why it is skipped. */
    public record Translated(Work work, boolean translated, String skipReason, String message, boolean upsert) {
        /** Whether the work is not sent to the shadow side. */
        public boolean skipped() {
            return skipReason != null;
        }
    }

    private static Object[][] lists(SqlTemplate t, Param[] params) throws SQLException {
        Object[][] out = new Object[t.markers()][];
        for (int i = 0; i < t.markers(); i++) {
            if (t.list(i)) {
                int source = t.source(i);
                Param p = params != null && source <= params.length ? params[source - 1] : null;
                out[i] = elements(p, source);
            }
        }
        return out;
    }

    /** The elements of an array parameter: a {@link java.sql.Array}, a Java array or a collection. */
    static Object[] elements(Param p, int index) throws SQLException {
        Object v = p == null ? null : p.a();
        if (v instanceof Array a) {
            v = a.getArray();
        }
        if (v instanceof Object[] arr) {
            return arr.clone();
        }
        if (v instanceof Collection<?> c) {
            return c.toArray();
        }
        if (v != null && v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            Object[] out = new Object[n];
            for (int k = 0; k < n; k++) {
                out[k] = java.lang.reflect.Array.get(v, k);
            }
            return out;
        }
        throw new IllegalArgumentException("parameter " + index + " is bound to = any (?) but is not an array ("
            + (v == null ? "null" : v.getClass().getSimpleName()) + ")");
    }

    private static Param[] bind(SqlTemplate t, Param[] a, Object[][] lists) {
        if (t.sameParameters()) {
            return a;
        }
        List<Param> out = new ArrayList<>(t.markers() + 8);
        for (int i = 0; i < t.markers(); i++) {
            int source = t.source(i);
            if (lists != null && lists[i] != null) {
                for (Object e : lists[i]) {
                    out.add(e == null ? new Param(out.size() + 1, Setter.SET_NULL_INT, Types.NULL, null, null)
                        : new Param(out.size() + 1, Setter.SET_OBJECT_OBJECT, e, null, null));
                }
                continue;
            }
            Param p = source <= a.length ? a[source - 1] : null;
            out.add(p == null ? null : new Param(out.size() + 1, p.setter(), p.a(), p.b(), p.c()));
        }
        // An unset parameter stays unset (null): B's driver refuses it as A's did.
        return out.toArray(new Param[0]);
    }
}
