package io.dualaccess.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.cli.DualAccessCli;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dualaccess report} shows per fingerprint the SQL that B actually ran ({@code b.sql}) when
 * it differs from the application's: a real runtime on H2 whose B renames {@code orders} to
 * {@code sales_orders} ({@code dualaccess.map.file}) writes the log; the text, JSON and HTML
 * reports name B's statement next to the fingerprint and in the latest problem.
 */
class TranslatedSqlReportTest {

    private static final String READ = "select id, status from orders where id = ?";

    @TempDir
    Path dir;

    @Test
    void theSqlBRanIsShownPerFingerprint() throws Exception {
        String aUrl = "jdbc:h2:mem:report_translated_a;DB_CLOSE_DELAY=-1";
        String bUrl = "jdbc:h2:mem:report_translated_b;DB_CLOSE_DELAY=-1";
        try (Connection a = DriverManager.getConnection(aUrl); Connection b = DriverManager.getConnection(bUrl);
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("create table orders (id int primary key, status varchar(10))");
            sb.execute("create table sales_orders (id int primary key, status varchar(10))");
            Path map = dir.resolve("map.properties");
            Files.writeString(map, "orders = sales_orders\n");
            Path log = dir.resolve("comparisons.jsonl");
            JdbcDataSource aDs = new JdbcDataSource();
            aDs.setURL(aUrl);
            try (DualAccessDataSource ds = DualAccessDataSource.builder(aDs).b(bUrl, "", "").phase(Phase.SHADOW)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .set("dualaccess.map.file", map.toString())
                .set("dualaccess.log.values", "full").build()) {
                try (Connection c = ds.getConnection();
                     PreparedStatement insert = c.prepareStatement("insert into orders (id, status) values (?, ?)")) {
                    for (int id = 1; id <= 3; id++) {
                        insert.setInt(1, id);
                        insert.setString(2, "paid");
                        insert.executeUpdate();
                    }
                }
                // B lost order 2's status: the read of it mismatches, the others match.
                sb.execute("update sales_orders set status = 'lost' where id = 2");
                for (int id = 1; id <= 3; id++) {
                    try (Connection c = ds.getConnection(); PreparedStatement read = c.prepareStatement(READ)) {
                        read.setInt(1, id);
                        try (ResultSet rs = read.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(2)).isEqualTo("paid");
                        }
                    }
                }
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (ds.runtime().events().written() < 6 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            assertThat(Files.readString(log)).contains("\"translated\":true");

            String text = report(log, "--format", "text");
            assertThat(text).contains(READ, "b.sql: select id, status from sales_orders where id = ?",
                "translated in 3 of 3 events", "b.sql: insert into sales_orders (id, status) values (?, ?)");

            JsonNode json = new ObjectMapper().readTree(report(log, "--format", "json"));
            JsonNode read = null;
            for (JsonNode g : json.get("fingerprints")) {
                if (g.get("fingerprint").asText().equals(READ)) {
                    read = g;
                }
            }
            assertThat(read).as("the read's group in %s", json).isNotNull();
            assertThat(read.get("b_sql").asText()).isEqualTo("select id, status from sales_orders where id = ?");
            assertThat(read.get("translated").asLong()).isEqualTo(3);
            assertThat(read.at("/outcomes/mismatch").asLong()).isEqualTo(1);
            assertThat(read.at("/latest_problem/b_sql").asText()).isEqualTo("select id, status from sales_orders where id = ?");
            assertThat(read.at("/latest_problem/sql").asText()).isEqualTo(READ);

            String html = report(log, "--format", "html");
            assertThat(html).contains("b.sql: <code>select id, status from sales_orders where id = ?</code>");
        }
    }

    private static String report(Path log, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 2];
        args[0] = "report";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = log.toString();
        int code = DualAccessCli.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        return out.toString();
    }
}
