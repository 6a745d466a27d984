package io.dualaccess.keyset;

import io.dualaccess.compare.NormalizationRules;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectConditionStep;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;

/**
 * A key range of a table hashed inside its database, as pt-table-checksum and data-diff do: each
 * row becomes a canonical text (one rendering per column type that both engines produce alike),
 * the first 64 bits of its MD5 are the row's digest, and the database returns the row count and the
 * digests' sum (exact: {@code numeric}/{@code DECIMAL}; compared modulo 2^64). Between two
 * PostgreSQL databases the digest is PostgreSQL's own 64-bit text hash ({@code hashtextextended})
 * instead of MD5. Equal ranges give equal pairs on A and B; only the pair crosses the network.
 *
 * <p>A canonical text is never coarser than the client-side comparison ({@code ValueNormalizer}
 * under the {@link NormalizationRules}): two values the rules call different always render
 * differently, so an equal hash proves the range equal. Where it is finer (a JSON document written
 * differently, a tinyint 2 against {@code true}), the range only looks different, and the
 * client-side drill-down then finds it equal. Columns whose type has no such rendering on both sides
 * (floating point, json, time zones, time of day, intervals, arrays, ...) are left to the client:
 * {@link #clientColumns()} are read with the key and digested there.
 *
 * <p>Per row the canonical text is, for each hashed column in the pair's order, {@code n} for NULL,
 * else the value's text followed by {@code ,}; free text carries its length first
 * ({@code 5:hello,}), so no value can end early and empty text differs from NULL.
 */
public final class ChunkHash {

    /** How a column's values render; both sides must agree on the kind. */
    enum Kind {
        INTEGER, DECIMAL, TEXT, DATE, TIMESTAMP, BOOLEAN, BINARY
    }

    private final TablePair pair;
    private final int[] hashed;
    private final int[] client;
    private final Kind[] kinds;
    private final boolean nativeHash;

    private ChunkHash(TablePair pair, int[] hashed, Kind[] kinds, int[] client) {
        this.pair = pair;
        this.nativeHash = pair.a().dialect() == Dialect.POSTGRESQL && pair.b().dialect() == Dialect.POSTGRESQL;
        this.hashed = hashed;
        this.kinds = kinds;
        this.client = client;
    }

    /**
     * The in-database hashing of a keyed pair, or null when it does not apply: an engine other than
     * PostgreSQL or MariaDB/MySQL on a side, rules the canonical texts cannot follow (numbers compared
     * by Java type), or no column both sides can render.
     */
    public static ChunkHash of(TablePair pair, NormalizationRules rules) {
        if (!pair.keyed() || !hashes(pair.a().dialect()) || !hashes(pair.b().dialect()) || !rules.numbers()) {
            return null;
        }
        List<String> labels = pair.labels();
        List<Integer> inDb = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<Integer> onClient = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (rules.ignores(labels.get(i))) {
                continue;
            }
            TableColumn ca = pair.a().columns().get(i);
            TableColumn cb = pair.b().columns().get(i);
            Kind ka = kind(ca, pair.a().dialect(), rules);
            Kind kb = kind(cb, pair.b().dialect(), rules);
            if (ka != null && compatible(ka, kb)) {
                inDb.add(i);
                kinds.add(ka == Kind.INTEGER ? kb : ka);
            } else {
                onClient.add(i);
            }
        }
        if (inDb.isEmpty()) {
            return null;
        }
        return new ChunkHash(pair, inDb.stream().mapToInt(Integer::intValue).toArray(), kinds.toArray(new Kind[0]),
            onClient.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean hashes(Dialect d) {
        return d == Dialect.POSTGRESQL || d == Dialect.MARIADB;
    }

    // Integers and decimals render alike (both by value, without trailing zeros), as the numbers rule compares them.
    private static boolean compatible(Kind a, Kind b) {
        return a == b || a == Kind.INTEGER && b == Kind.DECIMAL || a == Kind.DECIMAL && b == Kind.INTEGER;
    }

    /** The rendering of a column on its engine, or null when it has none that is never coarser than the rules. */
    static Kind kind(TableColumn c, Dialect d, NormalizationRules rules) {
        String type = c.typeName() == null ? "" : c.typeName().toLowerCase(Locale.ROOT);
        boolean pg = d == Dialect.POSTGRESQL;
        switch (c.sqlType()) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                return Kind.INTEGER;
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                return Kind.DECIMAL;
            }
            case Types.CHAR, Types.NCHAR -> {
                // PostgreSQL's bpchar drops its padding when cast to text and MariaDB never returns it: as char-trim does.
                return rules.charTrim() ? Kind.TEXT : null;
            }
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> {
                return pg && (type.equals("json") || type.equals("jsonb") || type.equals("xml")) ? null : Kind.TEXT;
            }
            case Types.DATE -> {
                return type.equals("date") ? Kind.DATE : null;
            }
            case Types.TIMESTAMP -> {
                // timestamptz and MariaDB's TIMESTAMP depend on the session's zone: left to the client.
                return pg ? (type.equals("timestamp") ? Kind.TIMESTAMP : null) : (type.equals("datetime") ? Kind.TIMESTAMP : null);
            }
            case Types.BIT, Types.BOOLEAN -> {
                if (!rules.booleans()) {
                    return null; // true and 1 differ without the rule: one rendering would be coarser
                }
                return pg ? (type.equals("bool") || type.equals("boolean") ? Kind.BOOLEAN : null) : Kind.BOOLEAN;
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                return pg && !type.equals("bytea") ? null : Kind.BINARY;
            }
            case Types.OTHER -> {
                return pg && type.equals("uuid") ? Kind.TEXT : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Positions (in the pair's order) of the columns hashed in the database. */
    public int[] hashedColumns() {
        return hashed.clone();
    }

    /** Positions of the compared columns left to the client (read with the key, digested there). */
    public int[] clientColumns() {
        return client.clone();
    }

    /** The pair. */
    public TablePair pair() {
        return pair;
    }

    /** The text of one column's value, as its engine renders it; null stays null. */
    private static String render(Kind k, String col, Dialect d) {
        boolean pg = d == Dialect.POSTGRESQL;
        return switch (k) {
            case INTEGER -> pg ? "cast(" + col + " as text)" : "cast(" + col + " as char)";
            // by value: 1.50 and 1.5 alike, as the numbers rule
            case DECIMAL -> pg ? "cast(trim_scale(" + col + ") as text)"
                : "if(locate('.', cast(" + col + " as char)) > 0, trim(trailing '.' from trim(trailing '0' from cast(" + col
                    + " as char))), cast(" + col + " as char))";
            case TEXT -> pg ? "cast(" + col + " as text)" : "convert(" + col + " using utf8mb4)";
            // PostgreSQL's ISO text (pgjdbc fixes DateStyle to ISO): fractions without trailing zeros, as trimmed on MariaDB
            case DATE -> pg ? "cast(" + col + " as text)" : "date_format(" + col + ", '%Y-%m-%d')";
            case TIMESTAMP -> pg ? "cast(" + col + " as text)"
                : "trim(trailing '.' from trim(trailing '0' from date_format(" + col + ", '%Y-%m-%d %H:%i:%s.%f')))";
            case BOOLEAN -> pg ? "case when " + col + " then '1' when not " + col + " then '0' end"
                : "cast(cast(" + col + " as unsigned) as char)";
            case BINARY -> pg ? "encode(" + col + ", 'hex')" : "lower(hex(" + col + "))";
        };
    }

    /** The canonical text of a row on one side: see the class comment. */
    String rowText(Side side) {
        Dialect d = side.dialect();
        boolean pg = d == Dialect.POSTGRESQL;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < hashed.length; i++) {
            String col = side.shape().quoted(side.columns().get(hashed[i]));
            String text = render(kinds[i], col, d);
            String value = kinds[i] == Kind.TEXT
                ? (pg ? "char_length(" + text + ") || ':' || " + text : "concat(char_length(" + text + "), ':', " + text + ")")
                : text;
            parts.add("coalesce(" + value + ", 'n')");
            parts.add("','");
        }
        return pg ? String.join(" || ", parts) : "concat(" + String.join(", ", parts) + ")";
    }

    /**
     * {@code SELECT COUNT(*), SUM(row digest)} of a key range, the digest a 64-bit number per row:
     * {@code lower} adds {@code key > ?}, {@code upper} adds {@code NOT key > ?}; bind with
     * {@link Side#bindAfter} (lower bound first). Read the result with {@link #read}. Each row's
     * canonical text is built and hashed once: the digest appears once in the query (a digest named in
     * a subquery and used twice is computed twice, once per use, by both engines).
     */
    public String hashQuery(Side side, boolean lower, boolean upper) {
        Field<?> sum;
        if (nativeHash) {
            // Both sides PostgreSQL: its own 64-bit text hash, several times cheaper than md5.
            // Collation "C": a case-insensitive collation must not make 'A' and 'a' hash alike.
            sum = field("sum(hashtextextended((" + rowText(side) + ") collate \"C\", 0))");
        } else if (side.dialect() == Dialect.POSTGRESQL) {
            // md5's first 64 bits as a signed bigint; MariaDB reads the same bits unsigned: equal modulo 2^64
            sum = field("sum(('x' || left(md5(" + rowText(side) + "), 16))::bit(64)::bigint)");
        } else {
            sum = field("sum(cast(conv(left(md5(" + rowText(side) + "), 16), 16, 10) as unsigned))");
        }
        Condition range = KeysetSql.range(side, lower, upper);
        return KeysetSql.dsl(side.dialect()).select(count(), sum).from(KeysetSql.table(side)).where(range).getSQL();
    }

    /**
     * The key and the client-side columns of the rows in a key range, in key order (bind as
     * {@link #hashQuery}): the part of each row the database cannot hash.
     */
    public String clientQuery(Side side, boolean lower, boolean upper) {
        List<Field<?>> fields = new ArrayList<>();
        for (TableColumn k : side.key()) {
            fields.add(KeysetSql.column(k));
        }
        for (int i : client) {
            fields.add(KeysetSql.column(side.columns().get(i)));
        }
        SelectConditionStep<Record> q = KeysetSql.dsl(side.dialect()).select(fields).from(KeysetSql.table(side))
            .where(KeysetSql.range(side, lower, upper));
        return q.getSQL();
    }

    /**
     * The key {@code offset} rows past a cursor, in key order (bind the cursor with
     * {@link Side#bindAfter} when {@code lower}): the end of a range of {@code offset} rows, or no row
     * when fewer are left. Read it with {@link Side#readKey}.
     */
    public static String boundaryQuery(Side side, boolean lower, int offset) {
        return boundaryQuery(side, lower, false, offset);
    }

    /** As {@link #boundaryQuery(Side, boolean, int)}, within an upper bound when {@code upper} (bound after the cursor). */
    public static String boundaryQuery(Side side, boolean lower, boolean upper, int offset) {
        List<Field<?>> key = new ArrayList<>();
        for (TableColumn k : side.key()) {
            key.add(KeysetSql.column(k));
        }
        return KeysetSql.dsl(side.dialect()).select(key).from(KeysetSql.table(side))
            .where(KeysetSql.range(side, lower, upper)).orderBy(key.toArray(new Field<?>[0]))
            .limit(org.jooq.impl.DSL.inline(1)).offset(org.jooq.impl.DSL.inline(offset - 1)).getSQL();
    }

    /** A range's hash as {@link #hashQuery} returns it. */
    public static Digest read(ResultSet rs) throws SQLException {
        rs.next();
        long n = rs.getLong(1);
        BigDecimal sum = rs.getBigDecimal(2);
        // modulo 2^64: PostgreSQL sums the digests as signed numbers, MariaDB as unsigned ones
        return new Digest(n, sum == null ? 0 : sum.toBigIntegerExact().longValue());
    }

    /**
     * The hash of a key range: its row count and the sum, modulo 2^64, of its rows' 64-bit digests
     * (a change in one row goes unseen only when the two digests collide, one chance in 2^64).
     *
     * @param rows the rows in the range
     * @param sum the sum of the rows' digests, modulo 2^64
     */
    public record Digest(long rows, long sum) {
        /** Whether two ranges hash alike. */
        public boolean sameAs(Digest o) {
            return rows == o.rows && sum == o.sum;
        }
    }
}
