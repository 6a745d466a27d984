package io.dualaccess.shadow;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.sql.SqlClassifier;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dualaccess's own tables, session settings, schema tools' tables and the catalog are not the
 * application's data: reads of them are never compared (a {@code skipped} event names why), so the
 * control table in B, the replay's own read-only flag or Flyway's {@code installed_on} never show up
 * as a mismatch. Application reads next to them are compared as before.
 */
class NotApplicationDataTest {

    @TempDir
    Path dir;

    private List<String> events(int expected) throws Exception {
        return Waits.lines(dir.resolve("comparisons.jsonl"), expected);
    }

    private static void drain(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void ownTablesSessionSettingsSchemaToolsAndTheCatalogAreNeverCompared(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "nad_" + ProcessHandle.current().pid() + "_" + engine.ordinal();
        String history = "flyway_schema_history";
        for (TestDb db : List.of(a, b)) {
            db.run("drop table if exists " + t, "drop table if exists " + history,
                "create table " + t + " (id int primary key, name varchar(20))", "insert into " + t + " values (1, 'one')",
                "create table " + history + " (installed_rank int primary key, installed_on varchar(40))");
        }
        a.run("insert into " + history + " values (1, 'monday')");
        b.run("insert into " + history + " values (1, 'tuesday')");
        List<String> reads = new ArrayList<>(List.of(
            "select * from " + history,                                        // schema_tool
            "select count(*) from information_schema.tables",                  // catalog
            "select id, name from " + t));                                      // compared: match
        switch (engine) {
            case POSTGRESQL -> reads.addAll(List.of("select relname from pg_stat_user_tables", "show all",
                "select current_setting('transaction_read_only')", "select name, setting from pg_settings",
                "select pg_try_advisory_lock(4242)"));
            case MARIADB -> reads.addAll(List.of("show variables", "select @@session.tx_read_only",
                "select get_lock('dualaccess-test', 0)"));
            case H2 -> reads.addAll(List.of("select * from information_schema.settings", "select database()"));
        }
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW)
                .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .build();
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // dualaccess's own control table exists in B now (the runtime polls it): reading it is not data.
            drain(s, "select 1");
            for (String sql : reads) {
                drain(s, sql);
            }
            List<String> events = events(reads.size() + 1);
            assertThat(events).hasSize(reads.size() + 1);
            assertThat(events).noneMatch(e -> e.contains("\"outcome\":\"mismatch\"") || e.contains("\"outcome\":\"b_error\""));
            assertThat(events).filteredOn(e -> e.contains("\"sql\":\"select id, name from " + t + "\""))
                .singleElement().satisfies(e -> assertThat(e).contains("\"outcome\":\"match\""));
            assertThat(events).filteredOn(e -> e.contains("from " + history)).singleElement()
                .satisfies(e -> assertThat(e).contains("\"outcome\":\"skipped\"", "\"reason\":\"schema_tool\""));
            assertThat(events).filteredOn(e -> e.contains("information_schema.tables")).singleElement()
                .satisfies(e -> assertThat(e).contains("\"reason\":\"catalog\""));
            for (String sql : reads.subList(3, reads.size())) {
                assertThat(events).as(sql).filteredOn(e -> e.contains("\"sql\":\"" + sql + "\"")).singleElement()
                    .satisfies(e -> assertThat(e).contains("\"outcome\":\"skipped\"").containsAnyOf("\"reason\":\"session\"",
                        "\"reason\":\"catalog\""));
            }
        }
        // The lock function never ran on B: nothing of dualaccess's holds a lock there.
        assertThat(Files.exists(dir.resolve("journal.jsonl")) ? Files.readAllLines(dir.resolve("journal.jsonl")) : List.of())
            .isEmpty();
        for (TestDb db : List.of(a, b)) {
            db.run("drop table " + t, "drop table " + history);
        }
    }

    @Test
    void theReasonIsDecidedByTablesAndFunctionsNotByWordsInText() {
        ReadExclusions x = new ReadExclusions(Set.of("flyway_schema_history"), "dualaccess", "dualaccess_control", false);
        assertThat(x.reason(SqlClassifier.classifyUncached("select * from dualaccess_control"))).isEqualTo("own_object");
        assertThat(x.reason(SqlClassifier.classifyUncached("select * from dualaccess.runs"))).isEqualTo("own_object");
        assertThat(x.reason(SqlClassifier.classifyUncached("select * from shop.dualaccess_backfill_run"))).isEqualTo("own_object");
        assertThat(x.reason(SqlClassifier.classifyUncached("SHOW ALL"))).isEqualTo("session");
        assertThat(x.reason(SqlClassifier.classifyUncached("select version()"))).isEqualTo("session");
        // Hibernate fetches ids so; replayed read-only it failed on B ("cannot execute nextval() in a read-only transaction")
        assertThat(x.reason(SqlClassifier.classifyUncached("select nextval(?)"))).isEqualTo("session");
        assertThat(x.reason(SqlClassifier.classifyUncached("select next value for customer_seq"))).isEqualTo("session");
        assertThat(x.reason(SqlClassifier.classifyUncached("select nextval_total from t"))).isNull();
        assertThat(x.reason(SqlClassifier.classifyUncached("select * from public.flyway_schema_history"))).isEqualTo("schema_tool");
        assertThat(x.reason(SqlClassifier.classifyUncached("select * from pg_catalog.pg_class"))).isEqualTo("catalog");
        assertThat(x.reason(SqlClassifier.classifyUncached("select user from mysql.user"))).isEqualTo("catalog");
        assertThat(x.reason(SqlClassifier.classifyUncached("select * from INFORMATION_SCHEMA.COLUMNS"))).isEqualTo("catalog");
        // Application data, even with a catalog-like word in a literal or a column named version.
        assertThat(x.reason(SqlClassifier.classifyUncached("select version, name from releases where note = 'pg_settings'")))
            .isNull();
        assertThat(x.reason(SqlClassifier.classifyUncached("select * from orders where user_id = ?"))).isNull();
        assertThat(x.reason(SqlClassifier.classifyUncached("select id from docs where tsv @@ to_tsquery(?)"))).isNull();
        assertThat(x.reason(SqlClassifier.classifyUncached("select @@session.tx_read_only"))).isEqualTo("session");
        assertThat(x.reason(SqlClassifier.classifyUncached("select get_user_name(id) from orders"))).isNull();
        ReadExclusions comparingCatalog = new ReadExclusions(Set.of(), null, "dualaccess_control", true);
        assertThat(comparingCatalog.reason(SqlClassifier.classifyUncached("select * from information_schema.tables"))).isNull();
    }
}
