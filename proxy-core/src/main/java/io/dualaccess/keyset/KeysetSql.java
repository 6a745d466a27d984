package io.dualaccess.keyset;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the batch tools rendered by jOOQ for a side's engine: names quoted as the engine
 * quotes them (B's names from the schema mapping, since a {@link Side} holds them), key-range
 * predicates with {@code ?} in the order {@link Side#bindAfter} binds them, and the dialect's
 * forms of {@code LIMIT}/{@code OFFSET} and insert-if-absent. MariaDB and MySQL render as MySQL,
 * which both understand.
 */
public final class KeysetSql {

    static {
        // jOOQ prints a banner and "tips of the day" at first use: not in a tool's output.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private static final Settings SETTINGS = new Settings()
        .withRenderFormatted(false)
        .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED)
        .withRenderNameCase(RenderNameCase.AS_IS)
        .withRenderKeywordCase(RenderKeywordCase.UPPER);
    private static final DSLContext POSTGRES = DSL.using(SQLDialect.POSTGRES, SETTINGS);
    private static final DSLContext MYSQL = DSL.using(SQLDialect.MYSQL, SETTINGS);
    private static final DSLContext H2 = DSL.using(SQLDialect.H2, SETTINGS);
    private static final DSLContext DEFAULT = DSL.using(SQLDialect.DEFAULT, SETTINGS);

    private KeysetSql() {
    }

    /** The renderer for an engine. */
    static DSLContext dsl(Dialect d) {
        return switch (d) {
            case POSTGRESQL -> POSTGRES;
            case MARIADB -> MYSQL;
            case H2 -> H2;
            case OTHER -> DEFAULT;
        };
    }

    /** The side's table (its name is already quoted and qualified as the catalog gave it). */
    static Table<?> table(Side side) {
        return DSL.table(DSL.unquotedName(side.shape().sqlName()));
    }

    /** A column by its exact name, quoted. */
    static Field<Object> column(TableColumn c) {
        return DSL.field(DSL.quotedName(c.name()));
    }

    /** A table by its quoted name. */
    static Table<?> table(String sqlName) {
        return DSL.table(DSL.unquotedName(sqlName));
    }

    private static Param<Object> mark() {
        return DSL.val(null, Object.class);
    }

    /**
     * {@code key > ?} and/or {@code NOT key > ?} (a true condition for neither); binds in the order of
     * {@link Side#bindAfter}, lower bound first.
     */
    static Condition range(Side side, boolean lower, boolean upper) {
        Condition c = DSL.noCondition();
        if (lower) {
            c = c.and(after(side));
        }
        if (upper) {
            c = c.and(DSL.not(after(side)));
        }
        return c;
    }

    /**
     * A page of rows for {@code COPY (…) TO STDOUT}, which takes no parameters: the key range with
     * its bounds as literals ({@code lo} exclusive, {@code hi} inclusive, null for none), in key
     * order, at most {@code limit} rows (0: no limit), every row share-locked ({@code FOR SHARE}) to
     * the end of the transaction.
     */
    public static String lockedRangeInline(Side side, List<Object> lo, List<Object> hi, int limit) {
        Condition c = DSL.noCondition();
        if (lo != null) {
            c = c.and(afterInline(side, lo));
        }
        if (hi != null) {
            c = c.and(DSL.not(afterInline(side, hi)));
        }
        List<Field<?>> cols = new ArrayList<>();
        for (TableColumn col : side.columns()) {
            cols.add(column(col));
        }
        List<Field<?>> key = new ArrayList<>();
        for (TableColumn k : side.key()) {
            key.add(column(k));
        }
        var ordered = dsl(side.dialect()).select(cols).from(table(side)).where(c).orderBy(key.toArray(new Field<?>[0]));
        return (limit > 0 ? ordered.limit(limit).forShare() : ordered.forShare()).getSQL(org.jooq.conf.ParamType.INLINED);
    }

    private static Condition afterInline(Side side, List<Object> k) {
        List<TableColumn> key = side.key();
        List<Condition> or = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<Condition> and = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                and.add(column(key.get(j)).eq(DSL.inline(k.get(j))));
            }
            and.add(column(key.get(i)).gt(DSL.inline(k.get(i))));
            or.add(DSL.and(and));
        }
        if (key.size() > 1 && side.dialect().rowValues()) {
            List<Field<?>> cols = new ArrayList<>();
            List<Field<?>> vals = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                cols.add(column(key.get(i)));
                vals.add(DSL.inline(k.get(i)));
            }
            return DSL.row(cols).gt(DSL.row(vals));
        }
        return DSL.or(or);
    }

    /** {@code key > (cursor)}: a row value where the engine serves it from the key's index, else expanded. */
    static Condition after(Side side) {
        List<TableColumn> key = side.key();
        if (key.size() == 1) {
            return column(key.get(0)).gt(mark());
        }
        if (side.dialect().rowValues()) {
            List<Field<?>> cols = new ArrayList<>();
            List<Field<?>> marks = new ArrayList<>();
            for (TableColumn k : key) {
                cols.add(column(k));
                marks.add(mark());
            }
            return DSL.row(cols).gt(DSL.row(marks));
        }
        List<Condition> or = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<Condition> and = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                and.add(column(key.get(j)).eq(mark()));
            }
            and.add(column(key.get(i)).gt(mark()));
            or.add(DSL.and(and));
        }
        return DSL.or(or);
    }
}
