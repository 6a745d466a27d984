package io.dualaccess.translate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What B runs for A's SQL, and which of A's parameters each of B's bind markers takes. */
class TranslatorTest {

    private static final Translator PG_TO_MARIADB = Translator.between(DialectName.POSTGRES, DialectName.MARIADB,
        Overrides.NONE, SchemaMapping.NONE);
    private static final Translator MARIADB_TO_PG = Translator.between(DialectName.MARIADB, DialectName.POSTGRES,
        Overrides.NONE, SchemaMapping.NONE);

    @Test
    void sameDialectsParseNothing() {
        assertThat(Translator.between(DialectName.POSTGRES, DialectName.POSTGRES, Overrides.NONE, SchemaMapping.NONE))
            .isSameAs(Translator.NONE);
        assertThat(Translator.NONE.translate("select garbage ((", "x")).isSameAs(Translation.SAME);
    }

    @Test
    void anEmptyEscapeStaysEmpty() {
        // Hibernate's JPQL "like" without an escape clause, which jOOQ alone cannot parse.
        assertThat(PG_TO_MARIADB.translate("select o.id from owners o where lower(o.city) like lower(?) escape '' order by o.id", "f")
            .template().sql()).contains("like lower(?) escape ''");
    }

    @Test
    void arrayBoundToAnyBecomesOneBindPerElement() {
        SqlTemplate t = PG_TO_MARIADB.translate("select p1_0.id from pets p1_0 where p1_0.owner_id = any (?) and p1_0.name = ?", "f")
            .template();
        assertThat(t.hasLists()).isTrue();
        assertThat(t.render(i -> 3)).isEqualTo("select p1_0.id from pets as p1_0 where (p1_0.owner_id in (?, ?, ?) and p1_0.name = ?)");
        assertThat(t.render(i -> 0)).contains("in (null)");
        assertThat(t.source(0)).isEqualTo(1);
        assertThat(t.list(0)).isTrue();
        assertThat(t.source(1)).isEqualTo(2);
    }

    @Test
    void limitAndOffsetKeepTheirBindsInBsOrder() {
        SqlTemplate t = MARIADB_TO_PG.translate("select id from users where name = ? limit ? offset ?", "f").template();
        // B's order: name, offset, limit.
        assertThat(t.sql()).isEqualTo("select id from users where name = ? offset ? rows fetch next ? rows only");
        assertThat(List.of(t.source(0), t.source(1), t.source(2))).containsExactly(1, 3, 2);
        assertThat(t.sameParameters()).isFalse();
    }

    @Test
    void nullsKeepAsPlaceInOrderBy() {
        // PostgreSQL sorts NULLs last ascending, MariaDB first: A's order is written out for B.
        assertThat(PG_TO_MARIADB.translate("select city from owners order by city", "f").template().sql())
            .isEqualTo("select city from owners order by nvl2(city, 0, 1), city");
        assertThat(MARIADB_TO_PG.translate("select city from owners order by city desc", "f").template().sql())
            .isEqualTo("select city from owners order by city desc nulls last");
    }

    @Test
    void stringAggWithOrderByTranslates() {
        assertThat(PG_TO_MARIADB.translate("select string_agg(name, ',' order by name) from pets", "f").template().sql())
            .isEqualTo("select group_concat(name order by nvl2(name, 0, 1), name separator ',') from pets");
    }

    @Test
    void literalsStayLiterals() {
        Translation t = PG_TO_MARIADB.translate("select id from t where flag = true and name = 'a?b' and n > 3 and x = ?", "f");
        assertThat(t.template().sql()).isEqualTo("select id from t where (flag = true and name = 'a?b' and n > 3 and x = ?)");
        assertThat(t.template().markers()).isEqualTo(1);
    }

    @Test
    void upsertsTranslateBothWays() {
        assertThat(PG_TO_MARIADB.translate("insert into tags (name) values (?) on conflict (name) do nothing", "f").template().sql())
            .isEqualTo("insert ignore into tags (name) values (?)");
        assertThat(MARIADB_TO_PG.translate("insert ignore into tags (name) values (?)", "f").template().sql())
            .isEqualTo("insert into tags (name) values (?) on conflict do nothing");
        assertThat(PG_TO_MARIADB.translate("insert into tags (id, name) values (?, ?) on conflict (id) do update set name = excluded.name",
            "f").template().sql()).isEqualTo("insert into tags (id, name) values (?, ?) on duplicate key update name = values(name)");
    }

    @Test
    void untranslatableIsAVerdictWithTheParsersMessage() {
        Translation t = PG_TO_MARIADB.translate("select from where ((", "select from where ((");
        assertThat(t.skipped()).isTrue();
        assertThat(t.reason()).isEqualTo("untranslatable");
        assertThat(t.message()).isNotBlank();
        assertThat(PG_TO_MARIADB.translate("select from where ((", "x")).isSameAs(t);
    }

    @Test
    void overridesGiveBsSqlOrSkip() {
        Overrides o = Overrides.parse(List.of(
            "# by hand",
            "fingerprint = select id from t where name ~ ?",
            "b.sql = select id from t",
            "   where name regexp ?",
            "",
            "fingerprint = select pg_advisory_lock(?)",
            "skip = advisory locks are per engine"), "test");
        Translator tr = Translator.between(DialectName.POSTGRES, DialectName.MARIADB, o, SchemaMapping.NONE);
        Translation by = tr.translate("select id from t where name ~ $1", "select id from t where name ~ ?");
        assertThat(by.template().sql()).isEqualTo("select id from t where name regexp ?");
        Translation skip = tr.translate("select pg_advisory_lock(42)", "select pg_advisory_lock(?)");
        assertThat(skip.reason()).isEqualTo("override");
        assertThat(skip.message()).isEqualTo("advisory locks are per engine");
    }

    @Test
    void mappingRenamesTablesAndColumnsAndKeepsAsLabels() {
        SchemaMapping m = SchemaMapping.of(Map.of("orders", "sales.orders", "orders.cust_id", "customer_id"), "test");
        Translator tr = Translator.between(DialectName.POSTGRES, DialectName.MARIADB, Overrides.NONE, m);
        assertThat(tr.translate("select o.cust_id, total from orders o where o.cust_id = ? order by o.cust_id", "f").template().sql())
            .isEqualTo("select o.customer_id as cust_id, total from sales.orders as o where o.customer_id = ?"
                + " order by nvl2(o.customer_id, 0, 1), o.customer_id");
        assertThat(tr.translate("insert into orders (id, cust_id) values (?, ?)", "f").template().sql())
            .isEqualTo("insert into sales.orders (id, customer_id) values (?, ?)");
        assertThat(tr.translate("update orders set cust_id = ? where cust_id = ?", "f").template().sql())
            .isEqualTo("update sales.orders set customer_id = ? where customer_id = ?");
    }
}
