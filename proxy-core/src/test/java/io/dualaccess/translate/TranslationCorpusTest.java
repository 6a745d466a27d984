package io.dualaccess.translate;

import io.dualaccess.results.ResultRows;
import io.dualaccess.compare.ComparisonResult;
import io.dualaccess.compare.DigestComparison;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.compare.RowDigest;
import io.dualaccess.param.Setter;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.mirror.ShadowSql;
import io.dualaccess.sql.SqlClassifier;
import io.dualaccess.sql.SqlKind;
import io.dualaccess.sql.StatementInfo;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL that ORMs and hand-written code really emit, run on A, translated, run on B (the real
 * servers, the same data on both), and compared the way dualaccess compares: reads by digest
 * (under A's labels, by position), writes by update count, and both databases' tables after the
 * writes. Prints what translated and matched, and every failure, to
 * {@code target/translation-corpus-*.txt}.
 */
class TranslationCorpusTest {

    private static final SqlClassifier CLASSIFIER = new SqlClassifier(1000);

    /** One statement of the corpus: its SQL in A's dialect and its parameters (a Long[] binds an SQL array). */
    record Case(String sql, Object... params) {
    }

    private static Case c(String sql, Object... params) {
        return new Case(sql, params);
    }

    // ---- PostgreSQL dialect: Hibernate 6/7 PostgreSQLDialect output, Spring Data, hand-written --------

    static final List<Case> POSTGRES_READS = List.of(
        c("select o1_0.id,o1_0.city,o1_0.first_name,o1_0.last_name from owners o1_0 where o1_0.id=?", 1L),
        c("select p1_0.id,p1_0.name from pets p1_0 where p1_0.owner_id = any (?) order by p1_0.id", (Object) new Long[] {1L, 2L}),
        c("select o1_0.id,o1_0.last_name from owners o1_0 where o1_0.last_name like ? escape '\\' order by o1_0.id", "Da%"),
        c("select o1_0.id from owners o1_0 order by o1_0.id offset ? rows fetch first ? rows only", 1, 2),
        c("select o1_0.id from owners o1_0 order by o1_0.id fetch first ? rows only", 3),
        c("select id, name from pets order by id limit ? offset ?", 3, 2),
        c("select count(o1_0.id) from owners o1_0 where o1_0.active=true"),
        c("select o1_0.id from owners o1_0 where o1_0.active order by o1_0.id"),
        c("select id from owners where active is true order by id"),
        c("select id from owners where not active order by id"),
        c("select id, cast(weight as integer) from pets order by id"),
        c("select id::text from pets order by id"),
        c("select name from pets where name ilike ? order by id", "%LU%"),
        c("select owner_id, string_agg(name, ',' order by name) from pets group by owner_id order by owner_id"),
        c("select owner_id, string_agg(name, ',') from pets where id = ? group by owner_id", 1L),
        c("select coalesce(city, 'unknown') from owners order by id"),
        c("select p1_0.id,p1_0.name,o1_0.last_name from pets p1_0 join owners o1_0 on o1_0.id=p1_0.owner_id where o1_0.city=? order by p1_0.id",
            "Madison"),
        c("select p1_0.id from pets p1_0 left join visits v1_0 on p1_0.id=v1_0.pet_id where v1_0.id is null order by p1_0.id"),
        c("select o.city, count(*) from owners o where o.city is not null group by o.city having count(*) > ? order by o.city", 1),
        c("select \"Id\", \"Qty\" from \"OrderItem\" where \"Qty\" > ? order by \"Id\"", 1),
        c("select exists(select 1 from pets where owner_id = ?)", 2L),
        c("select id from pets where birth_date between ? and ? order by id", Date.valueOf("2019-01-01"), Date.valueOf("2021-12-31")),
        c("select id, extract(year from birth_date) from pets order by id"),
        c("select lower(name), upper(name), length(name) from pets order by id"),
        c("select substring(name from 1 for 3) from pets order by id"),
        c("select id from pets where name in (?, ?, ?) order by id", "Leo", "Basil", "Nobody"),
        c("select distinct owner_id from pets order by owner_id"),
        c("select id, case when weight > ? then 'big' else 'small' end from pets order by id", new BigDecimal("5")),
        c("select id from visits where description is not null and visit_date >= ? order by id", Date.valueOf("2023-01-01")),
        c("select max(weight), min(weight), sum(weight) from pets"),
        c("select p.id from pets p where p.owner_id = (select o.id from owners o where o.last_name = ?) order by p.id", "Franklin"),
        c("select id from owners o where exists (select 1 from pets p where p.owner_id = o.id and p.type_id = ?) order by id", 1),
        c("select o1_0.id,o1_0.first_name from owners o1_0 where o1_0.first_name=? and o1_0.last_name=?", "Betty", "Davis"),
        c("select o1_0.id from owners o1_0 order by o1_0.last_name desc,o1_0.id fetch first ? rows only", 3),
        c("select count(p1_0.id) from pets p1_0 where p1_0.owner_id=?", 1L),
        c("select id from pets where cast(weight as numeric(10,1)) > ? order by id", new BigDecimal("3.5")),
        c("select first_name || ' ' || last_name from owners order by id"),
        c("select id from owners where city is distinct from ? order by id", "Madison"),
        c("select count(*) filter (where active) from owners"),
        c("select p1_0.id from pets p1_0 where p1_0.id in (select v1_0.pet_id from visits v1_0) order by 1"),
        c("select round(weight, 1) from pets order by id"),
        c("select id from owners where created_at < ? order by id", Timestamp.valueOf("2024-06-01 00:00:00")),
        c("select id, name from pets where owner_id = any (?) and type_id = ? order by id", new Long[] {1L, 3L, 4L}, 1),
        c("select distinct city from owners order by city"),
        c("select id from owners where created_at > now() - interval '100 years' order by id"));

    static final List<Case> POSTGRES_WRITES = List.of(
        c("insert into tags (id,name) values (?,?)", 10L, "new"),
        c("insert into tags (id, name) values (?, ?) on conflict (id) do nothing", 10L, "dup"),
        c("insert into tags (id,name) values (?,?) on conflict (name) do nothing", 11L, "new"),
        c("insert into tags (id, name) values (?, ?) on conflict (id) do update set name = excluded.name", 10L, "renamed"),
        c("update owners set city=? where id=?", "Monona", 2L),
        c("update pets set weight = weight + ? where owner_id = any (?)", new BigDecimal("1.5"), new Long[] {1L, 2L}),
        c("delete from visits where pet_id = any (?)", (Object) new Long[] {7L}),
        c("update owners set active = false where city = ?", "Madison"),
        c("insert into visits (id, pet_id, visit_date, description) values (?, ?, ?, ?)", 20L, 3L, Date.valueOf("2024-02-02"), "rabies shot"),
        c("update \"OrderItem\" set \"Qty\" = \"Qty\" + 1 where \"Id\" = ?", 2L),
        c("delete from tags where name like ?", "t%"),
        c("update owners set created_at = ? where id = ?", Timestamp.valueOf("2024-03-03 10:11:12"), 3L));

    // ---- MariaDB/MySQL dialect: Hibernate MySQLDialect / MariaDBDialect output, hand-written ------------

    static final List<Case> MARIADB_READS = List.of(
        c("select o1_0.id,o1_0.city,o1_0.first_name,o1_0.last_name from owners o1_0 where o1_0.id=?", 1L),
        c("select o1_0.id from owners o1_0 order by o1_0.id limit ?,?", 1, 2),
        c("select o1_0.id from owners o1_0 order by o1_0.id limit ?", 3),
        c("select id, name from pets order by id limit ? offset ?", 3, 2),
        c("select ifnull(city, 'none') from owners order by id"),
        c("select owner_id, group_concat(name order by name separator ',') from pets group by owner_id order by owner_id"),
        c("select group_concat(name) from pets where id = ?", 1L),
        c("select `Id`, `Qty` from `OrderItem` where `Qty` > ? order by `Id`", 1),
        c("select id from owners where active = true order by id"),
        c("select id from owners where active = 1 order by id"),
        c("select id, if(weight > ?, 'big', 'small') from pets order by id", new BigDecimal("5")),
        c("select concat(first_name, ' ', last_name) from owners order by id"),
        c("select name from pets where name like ? order by id", "B%"),
        c("select id, cast(weight as signed) from pets order by id"),
        c("select cast(id as char) from pets order by id"),
        c("select count(*) from owners where city = ?", "Madison"),
        c("select p1_0.id,p1_0.name,o1_0.last_name from pets p1_0 join owners o1_0 on o1_0.id=p1_0.owner_id where o1_0.city=? order by p1_0.id",
            "Madison"),
        c("select p1_0.id from pets p1_0 left join visits v1_0 on p1_0.id=v1_0.pet_id where v1_0.id is null order by p1_0.id"),
        c("select truncate(weight, 0) from pets order by id"),
        c("select lcase(name), ucase(name) from pets order by id"),
        c("select id from pets where name regexp ? order by id", "^[BL]"),
        c("select sum(weight) from pets where owner_id in (?, ?)", 1L, 2L),
        c("select p.id from pets p where p.birth_date > ? order by p.id", Date.valueOf("2020-01-01")),
        c("select length(name), char_length(name) from pets order by id"),
        c("select distinct city from owners order by city"),
        c("select o1_0.id,o1_0.first_name from owners o1_0 where o1_0.first_name=? and o1_0.last_name=?", "Betty", "Davis"),
        c("select o1_0.id from owners o1_0 order by o1_0.last_name desc,o1_0.id limit ?", 3),
        c("select count(p1_0.id) from pets p1_0 where p1_0.owner_id=?", 1L),
        c("select id, year(birth_date) from pets order by id"),
        c("select id, date_format(birth_date, '%Y-%m') from pets order by id"),
        c("select exists(select 1 from pets where owner_id = ?)", 2L),
        c("select p.id from pets p where p.owner_id = (select o.id from owners o where o.last_name = ?) order by p.id", "Franklin"),
        c("select id, case when weight > ? then 'big' else 'small' end from pets order by id", new BigDecimal("5")),
        c("select max(weight), min(weight), sum(weight) from pets"),
        c("select o.city, count(*) from owners o where o.city is not null group by o.city having count(*) > ? order by o.city", 1),
        c("select id from pets where name in (?, ?, ?) order by id", "Leo", "Basil", "Nobody"),
        c("select round(weight, 1) from pets order by id"),
        c("select id from owners where created_at < ? order by id", Timestamp.valueOf("2024-06-01 00:00:00")),
        c("select coalesce(city, 'unknown') from owners order by id"),
        c("select id from owners where not active order by id"));

    static final List<Case> MARIADB_WRITES = List.of(
        c("insert into tags (id,name) values (?,?)", 10L, "new"),
        c("insert ignore into tags (id, name) values (?, ?)", 10L, "dup"),
        c("insert into tags (id, name) values (?, ?) on duplicate key update name = values(name)", 10L, "renamed"),
        c("update owners set city=? where id=?", "Monona", 2L),
        c("delete from visits where pet_id in (?, ?)", 7L, 8L),
        c("update `OrderItem` set `Qty` = `Qty` + 1 where `Id` = ?", 2L),
        c("insert into visits (id, pet_id, visit_date, description) values (?, ?, ?, ?)", 20L, 3L, Date.valueOf("2024-02-02"), "rabies shot"),
        c("update pets set weight = weight + ? where owner_id = ?", new BigDecimal("1.5"), 1L),
        c("replace into tags (id, name) values (?, ?)", 12L, "replaced"),
        c("delete from tags where id = ?", 1L),
        c("update owners set active = false where city = ?", "Madison"),
        c("update owners set created_at = ? where id = ?", Timestamp.valueOf("2024-03-03 10:11:12"), 3L));

    @Test
    void postgresqlToMariadb() throws Exception {
        Report r = run(Engine.POSTGRESQL.a(), Engine.MARIADB.b(), DialectName.POSTGRES, DialectName.MARIADB, POSTGRES_READS, POSTGRES_WRITES);
        r.write("postgresql-to-mariadb");
        assertThat(r.falseMismatches).as("statements whose comparison failed although both sides agree").isZero();
        assertThat(r.tablesEqual).as("B = A after the writes").isTrue();
        assertThat(r.percentMatched()).as(r.toString()).isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void mariadbToPostgresql() throws Exception {
        Report r = run(Engine.MARIADB.a(), Engine.POSTGRESQL.b(), DialectName.MARIADB, DialectName.POSTGRES, MARIADB_READS, MARIADB_WRITES);
        r.write("mariadb-to-postgresql");
        assertThat(r.falseMismatches).as("statements whose comparison failed although both sides agree").isZero();
        assertThat(r.tablesEqual).as("B = A after the writes: " + r.tables).isTrue();
        assertThat(r.percentMatched()).as(r.toString()).isGreaterThanOrEqualTo(95.0);
    }

    // ---- the run ---------------------------------------------------------------------------------

    /** What happened to each statement. */
    static final class Report {
        final List<String> lines = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int total;
        int matched;
        int skipped;
        int bError;
        int mismatched;
        int falseMismatches;
        boolean tablesEqual;
        String tables = "";

        double percentMatched() {
            return total == 0 ? 0 : 100.0 * matched / total;
        }

        void write(String name) throws IOException {
            Path out = Path.of("target", "translation-corpus-" + name + ".txt");
            Files.createDirectories(out.getParent());
            List<String> all = new ArrayList<>();
            all.add(toString());
            all.add("tables after the writes: " + tables);
            all.add("");
            all.add("failures:");
            all.addAll(failures);
            all.add("");
            all.add("all:");
            all.addAll(lines);
            Files.write(out, all);
            System.out.println(String.join("\n", all.subList(0, Math.min(all.size(), 4 + failures.size()))));
        }

        @Override
        public String toString() {
            return String.format("%d statements: %d translated and matching (%.1f %%), %d skipped (untranslatable), %d b_error,"
                + " %d mismatch, B = A after the writes: %s", total, matched, percentMatched(), skipped, bError, mismatched, tablesEqual);
        }
    }

    private static Report run(TestDb a, TestDb b, DialectName from, DialectName to, List<Case> reads, List<Case> writes)
            throws Exception {
        Translator translator = Translator.between(from, to, Overrides.NONE, SchemaMapping.NONE);
        NormalizationRules rules = NormalizationRules.defaults();
        Report r = new Report();
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            load(ca, from);
            load(cb, to);
            // As the runtime does once B answers: B's column types and keys for the parser.
            translator.learn(Catalog.read(cb, to));
            for (Case k : reads) {
                one(r, ca, cb, translator, rules, k, true);
            }
            for (Case k : writes) {
                one(r, ca, cb, translator, rules, k, false);
            }
            List<String> differing = differingTables(ca, cb, from, to);
            r.tablesEqual = differing.isEmpty();
            r.tables = differing.isEmpty() ? "all equal" : "differ: " + differing;
        }
        return r;
    }

    /** The corpus tables whose rows differ between A and B (compared as dualaccess compares), with the first difference. */
    static List<String> differingTables(Connection ca, Connection cb, DialectName from, DialectName to) throws SQLException {
        NormalizationRules rules = NormalizationRules.defaults();
        List<String> differing = new ArrayList<>();
        for (String t : List.of("owners", "pets", "visits", "tags", "OrderItem")) {
            String qa = "select * from " + quote(from, t) + " order by 1";
            String qb = "select * from " + quote(to, t) + " order by 1";
            ComparisonResult cmp = DigestComparison.compare(digest(ca, qa, null, rules), digest(cb, qb, null, rules), true);
            if (!cmp.matched()) {
                differing.add(t + " (" + cmp.reason() + " " + cmp.firstDifference() + ")");
            }
        }
        return differing;
    }

    private static void one(Report r, Connection ca, Connection cb, Translator translator, NormalizationRules rules, Case k,
                            boolean read) throws SQLException {
        r.total++;
        StatementInfo info = CLASSIFIER.classify(k.sql());
        Param[] params = params(ca, k.params());
        ShadowSql.Execution e = ShadowSql.of(translator, k.sql(), info.fingerprint(), params);
        String head = (read ? "read  " : "write ") + k.sql();
        if (e.skipped()) {
            r.skipped++;
            // A's side still runs (the application's statement), B's does not.
            runOnA(ca, k, params, read, rules);
            r.failures.add("SKIPPED " + e.skipReason() + ": " + head + "\n      " + e.message());
            r.lines.add("skipped  " + head);
            return;
        }
        try {
            if (read) {
                ResultDigest da = digest(ca, k.sql(), params, rules);
                ResultDigest db;
                try {
                    db = digest(cb, e.sql(), e.params(), rules).labeled(da.labels());
                } catch (SQLException ex) {
                    r.bError++;
                    r.failures.add("B_ERROR: " + head + "\n      B: " + e.sql() + "\n      " + ex.getMessage());
                    r.lines.add("b_error  " + head);
                    return;
                }
                ComparisonResult cmp = DigestComparison.compare(da, db, info.orderBy());
                if (cmp.matched()) {
                    r.matched++;
                    r.lines.add("match    " + head + (e.translated() ? "\n      B: " + e.sql() : ""));
                } else {
                    r.mismatched++;
                    r.failures.add("MISMATCH " + cmp.reason() + ": " + head + "\n      B: " + e.sql() + "\n      " + cmp.firstDifference());
                    r.lines.add("mismatch " + head);
                }
            } else {
                long na = update(ca, k.sql(), params);
                long nb;
                try {
                    nb = update(cb, e.sql(), e.params());
                } catch (SQLException ex) {
                    r.bError++;
                    r.failures.add("B_ERROR: " + head + "\n      B: " + e.sql() + "\n      " + ex.getMessage());
                    r.lines.add("b_error  " + head);
                    return;
                }
                boolean singleRowUpsert = e.upsert() && info.insert() != null && info.insert().rows() == 1;
                if (na == nb || singleRowUpsert && Math.min(na, 1) == Math.min(nb, 1)) {
                    r.matched++;
                    r.lines.add("match    " + head + (e.translated() ? "\n      B: " + e.sql() : ""));
                } else {
                    r.mismatched++;
                    r.failures.add("MISMATCH update_count " + na + " vs " + nb + ": " + head + "\n      B: " + e.sql());
                    r.lines.add("mismatch " + head);
                }
            }
        } catch (SQLException onA) {
            throw new AssertionError("the corpus statement fails on A itself: " + k.sql(), onA);
        }
    }

    private static void runOnA(Connection ca, Case k, Param[] params, boolean read, NormalizationRules rules) throws SQLException {
        if (read) {
            digest(ca, k.sql(), params, rules);
        } else {
            update(ca, k.sql(), params);
        }
    }

    /** The parameters as dualaccess captures them: a Long[] is bound as the application would, with createArrayOf. */
    private static Param[] params(Connection ca, Object[] values) throws SQLException {
        Param[] out = new Param[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            out[i] = v instanceof Long[] arr ? new Param(i + 1, Setter.SET_ARRAY_ARRAY, ca.createArrayOf("bigint", arr), null, null)
                : new Param(i + 1, Setter.SET_OBJECT_OBJECT, v, null, null);
        }
        return out;
    }

    private static ResultDigest digest(Connection c, String sql, Param[] params, NormalizationRules rules) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                RowDigest d = ResultRows.digest(rs, rules, 100);
                ResultRows rows = ResultRows.of(rs);
                while (rows.next()) {
                    d.add(rows);
                }
                d.markComplete();
                return d.snapshot();
            }
        }
    }

    private static long update(Connection c, String sql, Param[] params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Param[] params) throws SQLException {
        if (params == null) {
            return;
        }
        for (Param p : params) {
            if (p != null) {
                p.apply(ps, p.index());
            }
        }
    }

    static String quote(DialectName d, String name) {
        return name.equals("OrderItem") ? (d == DialectName.POSTGRES ? "\"OrderItem\"" : "`OrderItem`") : name;
    }

    /** The same tables and rows on both engines, each in its own DDL. */
    static void load(Connection c, DialectName d) throws SQLException {
        boolean pg = d == DialectName.POSTGRES;
        String ts = pg ? "timestamp" : "datetime(6)";
        try (Statement s = c.createStatement()) {
            for (String t : List.of("visits", "pets", "owners", "tags", quote(d, "OrderItem"))) {
                s.execute("drop table if exists " + t);
            }
            s.execute("create table owners (id bigint primary key, first_name varchar(40), last_name varchar(40), city varchar(40),"
                + " active boolean, created_at " + ts + ")");
            s.execute("create table pets (id bigint primary key, name varchar(40), owner_id bigint, type_id int, birth_date date,"
                + " weight numeric(6,2))");
            s.execute("create table visits (id bigint primary key, pet_id bigint, visit_date date, description varchar(255))");
            s.execute("create table tags (id bigint primary key, name varchar(40) unique)");
            s.execute(pg ? "create table \"OrderItem\" (\"Id\" bigint primary key, \"Qty\" int)"
                : "create table `OrderItem` (`Id` bigint primary key, `Qty` int)");
            s.execute("insert into owners values (1, 'George', 'Franklin', 'Madison', true, '2020-01-01 10:00:00'),"
                + " (2, 'Betty', 'Davis', 'Sun Prairie', true, '2021-02-03 11:12:13.250000'),"
                + " (3, 'Eduardo', 'Rodriquez', 'McFarland', false, '2022-05-06 07:08:09'),"
                + " (4, 'Harold', 'Davis', 'Madison', true, '2025-01-01 00:00:00'),"
                + " (5, 'Peter', 'McTavish', null, false, '2019-12-31 23:59:59')");
            s.execute("insert into pets values (1, 'Leo', 1, 1, '2020-09-07', 4.50), (2, 'Basil', 2, 6, '2022-08-06', 1.25),"
                + " (3, 'Rosy', 3, 2, '2021-04-17', 12.00), (4, 'Jewel', 3, 2, '2020-03-07', 9.75),"
                + " (5, 'Iggy', 4, 3, '2020-11-30', 0.50), (6, 'George', 5, 4, '2020-01-20', 3.00),"
                + " (7, 'Samantha', 1, 1, '2019-09-04', 5.00), (8, 'Lucky', 2, 1, '2018-06-08', 7.25)");
            s.execute("insert into visits values (1, 7, '2023-03-04', 'rabies shot'), (2, 8, '2022-03-04', 'neutered'),"
                + " (3, 8, '2023-06-04', null), (4, 7, '2023-09-04', 'spayed'), (5, 3, '2024-01-01', 'checkup')");
            s.execute("insert into tags values (1, 'cute'), (2, 'tiny'), (3, 'loud')");
            s.execute(pg ? "insert into \"OrderItem\" values (1, 1), (2, 5), (3, 2)" : "insert into `OrderItem` values (1, 1), (2, 5), (3, 2)");
        }
    }

    static boolean isRead(StatementInfo info) {
        return info.kind() == SqlKind.READ;
    }
}
