package io.dualaccess.driver;

import io.dualaccess.testing.OpeningDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Flyway migrating A through a {@code jdbc:dualaccess:} URL in phase {@code shadow}, as an
 * application that runs its migrations at start-up does (docs/schema-tools.md). The history table
 * never shows up as a difference: its reads are not compared ({@code schema_tool}), its writes
 * follow the DDL setting. With {@code dualaccess.mirror.ddl=true} (the documented setting for a
 * same-engine migration) B gets the tables, the data and the history, and the journal stays empty.
 */
class FlywayThroughDualAccessTest {

    @TempDir
    Path dir;

    private record Server(String urlA, String urlB, String user, String password) {
    }

    private static Server server(String engine) {
        String prefix = engine.equals("postgresql") ? "TEST_PG" : "TEST_MARIADB";
        String a = System.getenv(prefix + "_URL_A");
        if (a == null || a.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(prefix + "_URL_A is not set — CI must run every engine");
            }
            Assumptions.abort(prefix + "_URL_A is not set: run scripts/test.sh for " + engine);
        }
        return new Server(a, System.getenv(prefix + "_URL_B"), System.getenv(prefix + "_USER"), System.getenv(prefix + "_PASSWORD"));
    }

    /**
     * Drops what a run left, and keeps one unrelated table: the schema is an existing one whatever
     * else the test databases hold, so Flyway always starts from its baseline (run alone on fresh
     * servers, an empty B was migrated without one).
     */
    private static void clean(String url, Server s) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, s.user(), s.password()); Statement st = c.createStatement()) {
            for (String t : List.of("fw_tags", "fw_items", "flyway_schema_history")) {
                st.execute("drop table if exists " + t);
            }
            st.execute("create table if not exists fw_existing (id int primary key)");
        }
    }

    private static List<String> rows(String url, Server s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, s.user(), s.password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    b.append(i > 1 ? "|" : "").append(v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString() : v);
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** The application's data source: the dualaccess URL with dualaccess's settings as connection properties. */
    private DataSource dualaccess(Server s, boolean mirrorDdl) {
        Properties p = new Properties();
        p.setProperty("user", s.user());
        p.setProperty("password", s.password());
        p.setProperty("dualaccess.phase", "shadow");
        p.setProperty("dualaccess.b.url", s.urlB());
        p.setProperty("dualaccess.b.user", s.user());
        p.setProperty("dualaccess.b.password", s.password());
        p.setProperty("dualaccess.mirror.ddl", String.valueOf(mirrorDdl));
        p.setProperty("dualaccess.control.poll", "off");
        p.setProperty("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString());
        p.setProperty("dualaccess.journal.file", dir.resolve("journal.jsonl").toString());
        // settledEvents() waits for the log to stop growing, and looks for each read's own line: one
        // line per statement (aggregates of matches and skips are written every 5 s).
        p.setProperty("dualaccess.log.aggregate", "none");
        String url = "jdbc:dualaccess:" + s.urlA().substring("jdbc:".length());
        // Flyway asks only for connections; the application's own credentials stay in p.
        return new OpeningDataSource((user, password) -> DriverManager.getConnection(url, p));
    }

    private List<String> lines(String file) throws Exception {
        Path f = dir.resolve(file);
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** Comparison events are written by a background writer: wait until the count stops growing. */
    private List<String> settledEvents() throws Exception {
        List<String> last = lines("comparisons.jsonl");
        for (int i = 0; i < 40; i++) {
            Thread.sleep(100);
            List<String> now = lines("comparisons.jsonl");
            if (now.size() == last.size() && i > 5) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static Flyway flyway(DataSource ds) {
        return configure().dataSource(ds).load();
    }

    /** The test databases are existing schemas ({@link #clean}): Flyway starts from a baseline. */
    private static org.flywaydb.core.api.configuration.FluentConfiguration configure() {
        return Flyway.configure().locations("classpath:db/flyway-it").baselineOnMigrate(true).baselineVersion("0");
    }

    /**
     * PostgreSQL only: on MariaDB Flyway qualifies every name with A's database name, and the test
     * servers hold A and B as two databases of one server, so B's copy of the DDL would land in A's
     * database (docs/schema-tools.md: B's database must carry A's name for mirrored DDL).
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql"})
    void withMirroredDdlBGetsTheTablesDataAndHistoryAndNothingIsJournaled(String engine) throws Exception {
        Server s = server(engine);
        clean(s.urlA(), s);
        clean(s.urlB(), s);
        DataSource ds = dualaccess(s, true);
        assertThat(flyway(ds).migrate().migrationsExecuted).isEqualTo(3);
        // The application reads through dualaccess afterwards: compared, equal.
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id, name, price, stock from fw_items order by id")) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
        // Flyway again (an application restart): validates against the history, migrates nothing.
        assertThat(flyway(ds).migrate().migrationsExecuted).isZero();

        List<String> events = settledEvents();
        assertThat(events).isNotEmpty();
        assertThat(events).as("no comparison fails").noneMatch(e -> e.contains("\"outcome\":\"mismatch\"")
            || e.contains("\"outcome\":\"b_error\"") || e.contains("\"outcome\":\"timeout\""));
        assertThat(events).filteredOn(e -> e.contains("\"kind\":\"read\"") && e.contains("flyway_schema_history"))
            .isNotEmpty().allSatisfy(e -> assertThat(e).contains("\"outcome\":\"skipped\""));
        assertThat(events).filteredOn(e -> e.contains("\"sql\":\"select id, name, price, stock from fw_items order by id\""))
            .singleElement().satisfies(e -> assertThat(e).contains("\"outcome\":\"match\""));
        assertThat(lines("journal.jsonl")).isEmpty();
        for (String q : List.of("select id, name, price, stock from fw_items order by id",
                "select item_id, tag from fw_tags order by item_id", "select version, script, success from flyway_schema_history order by installed_rank")) {
            assertThat(rows(s.urlB(), s, q)).as(q).isEqualTo(rows(s.urlA(), s, q)).isNotEmpty();
        }
        clean(s.urlA(), s);
        clean(s.urlB(), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void withTheDefaultDdlSettingTheHistoryTableIsNeverADifference(String engine) throws Exception {
        Server s = server(engine);
        clean(s.urlA(), s);
        clean(s.urlB(), s);
        // B migrated first, on its own (docs/schema-tools.md): its history is its own.
        assertThat(configure().dataSource(s.urlB(), s.user(), s.password()).load()
            .migrate().migrationsExecuted).isEqualTo(3);
        // Only the DDL-only migration goes through dualaccess here: data migrations are B's own already.
        DataSource ds = dualaccess(s, false);
        assertThat(configure().dataSource(ds).target("1").load()
            .migrate().migrationsExecuted).isEqualTo(1);
        List<String> events = settledEvents();
        assertThat(events).filteredOn(e -> e.contains("flyway_schema_history"))
            .isNotEmpty()
            .noneMatch(e -> e.contains("\"outcome\":\"mismatch\"") || e.contains("\"outcome\":\"b_error\""));
        assertThat(lines("journal.jsonl")).noneMatch(e -> e.contains("flyway_schema_history"));
        assertThat(lines("journal.jsonl")).isEmpty();
        assertThat(rows(s.urlB(), s, "select count(*) from flyway_schema_history")).containsExactly("4"); // baseline and three migrations
        assertThat(rows(s.urlA(), s, "select count(*) from flyway_schema_history")).containsExactly("2"); // baseline and V1
        clean(s.urlA(), s);
        clean(s.urlB(), s);
    }
}
