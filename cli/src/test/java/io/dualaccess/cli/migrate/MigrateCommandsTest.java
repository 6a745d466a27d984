package io.dualaccess.cli.migrate;

import io.dualaccess.cli.DualAccessCli;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database subcommands end to end on H2: backfill, verify, repair (key file, dry run, journal),
 * align-sequences, all configured by one properties file as the driver is.
 */
class MigrateCommandsTest {

    @TempDir
    Path dir;

    private TestDb a;
    private TestDb b;
    private Path config;
    private String out;
    private String err;

    @BeforeEach
    void databases() throws Exception {
        a = Engine.H2.a();
        b = Engine.H2.b();
        String ddl = "create table orders (id int primary key, customer varchar(30), total decimal(10,2))";
        a.run(ddl);
        b.run(ddl);
        try (Connection c = a.connect(); PreparedStatement ps = c.prepareStatement("insert into orders values (?, ?, ?)")) {
            for (int i = 1; i <= 500; i++) {
                ps.setInt(1, i);
                ps.setString(2, "customer " + (i % 17));
                ps.setBigDecimal(3, new java.math.BigDecimal(i).movePointLeft(1));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        config = dir.resolve("dualaccess.properties");
        Files.writeString(config, String.join("\n",
            "dualaccess.phase=dual-write",
            "dualaccess.a.url=" + a.url(), "dualaccess.a.user=" + a.user(), "dualaccess.a.password=" + a.password(),
            "dualaccess.b.url=" + b.url(), "dualaccess.b.user=" + b.user(), "dualaccess.b.password=" + b.password(),
            "dualaccess.tables.include=orders", ""));
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = DualAccessCli.run(new PrintWriter(o), new PrintWriter(e), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void backfillVerifyRepair() throws Exception {
        assertThat(run("backfill", "--config", config.toString(), "--chunk-size", "100", "--progress", "0"))
            .as(err).isZero();
        assertThat(out).contains("(chunks of 100, 2 worker(s))").as("two workers by default")
            .contains("this process copied 500 rows (500 inserted)").contains("orders: 6/6 chunks").contains("complete");
        assertThat(b.rows("select count(*) from orders")).containsExactly("500");

        assertThat(run("verify", "-c", config.toString())).as(out + err).isZero();
        assertThat(out).contains("orders: A 500 rows, B 500 rows").contains("equal in 1 table(s)");

        b.run("update orders set total = 1 where id = 42", "delete from orders where id = 7");
        Path keys = dir.resolve("keys.jsonl");
        Path json = dir.resolve("report.json");
        assertThat(run("verify", "-c", config.toString(), "--keys", keys.toString(), "--json", json.toString())).isEqualTo(1);
        assertThat(out).contains("1 missing in B, 0 extra in B, 1 changed").contains("changed  [42] columns: TOTAL");
        assertThat(Files.readAllLines(keys)).containsExactly(
            "{\"table\":\"orders\",\"kind\":\"missing\",\"key\":[7]}",
            "{\"table\":\"orders\",\"kind\":\"changed\",\"key\":[42],\"columns\":[\"TOTAL\"]}");
        assertThat(Files.readString(json)).contains("\"equal\" : false");

        assertThat(run("repair", "-c", config.toString(), "--keys", keys.toString(), "--dry-run")).isZero();
        assertThat(out).contains("would insert orders [7]").contains("would update orders [42] (TOTAL)")
            .contains("dry run, nothing written");
        assertThat(run("verify", "-c", config.toString())).isEqualTo(1);

        assertThat(run("repair", "-c", config.toString(), "--keys", keys.toString())).as(err).isZero();
        assertThat(out).contains("repair: 1 inserted, 1 updated, 0 deleted on B");
        assertThat(run("verify", "-c", config.toString())).as(out).isZero();
    }

    /**
     * An all-tables run (no include list) over a schema with a table without a primary key: the
     * backfill copies every table, verify walks the keyless one by whole rows and exits 0 when equal.
     */
    @Test
    void allTablesRunsCopeWithATableWithoutAPrimaryKey() throws Exception {
        String ddl = "create table audit_log (at varchar(30), what varchar(30))";
        a.run(ddl, "insert into audit_log values ('mon', 'login'), ('mon', 'login'), ('tue', 'logout')");
        b.run(ddl);
        Files.writeString(config, Files.readString(config).replace("dualaccess.tables.include=orders", ""));
        assertThat(run("backfill", "--config", config.toString(), "--progress", "0")).as(out + err).isZero();
        assertThat(out).contains("audit_log: 1/1 chunks").contains("orders: 1/1 chunks").contains("complete");
        assertThat(b.rows("select at, what from audit_log order by at, what")).containsExactly("mon|login", "mon|login",
            "tue|logout");
        assertThat(run("verify", "-c", config.toString())).as(out + err).isZero();
        assertThat(out).contains("AUDIT_LOG (by whole rows (no key on A nor B)): A 3 rows, B 3 rows").contains("equal in 2 table(s)");

        b.run("delete from audit_log where at = 'tue'");
        assertThat(run("verify", "-c", config.toString(), "--repair")).as(out + err).isZero();
        assertThat(out).contains("1 missing in B").contains("repair: 1 inserted, 0 updated, 0 deleted on B");
        assertThat(run("verify", "-c", config.toString())).as(out + err).isZero();
    }

    @Test
    void verifyRepairsInOneGoAndTheJournalNamesTheTables() throws Exception {
        run("backfill", "--config", config.toString(), "--progress", "0");
        b.run("insert into orders values (900, 'only on B', 1)");
        assertThat(run("verify", "-c", config.toString(), "--repair")).isZero();
        assertThat(out).contains("1 extra in B").contains("repair: 0 inserted, 0 updated, 1 deleted on B");
        assertThat(run("verify", "-c", config.toString())).isZero();

        b.run("delete from orders where id between 10 and 12");
        Path journal = dir.resolve("journal.jsonl");
        Files.writeString(journal, "{\"ts\":\"2024-01-01T00:00:00Z\",\"reason\":\"error\",\"tx\":\"t1\","
            + "\"sql\":\"delete from orders where id = ?\",\"params\":[],\"tables\":[\"orders\"],\"a_count\":1,\"b_count\":0,"
            + "\"fingerprint\":\"x\"}\n");
        assertThat(run("repair", "-c", config.toString(), "--from-journal", journal.toString())).as(err).isZero();
        assertThat(out).contains("verifying the journal's tables: orders").contains("3 inserted");
        assertThat(run("verify", "-c", config.toString(), "--json", "-")).isZero();
        assertThat(out).contains("\"equal\" : true");
    }

    @Test
    void alignSequences() throws Exception {
        a.run("create table seq_t (id bigint generated by default as identity primary key, v int)",
            "insert into seq_t (id, v) values (41, 1)");
        b.run("create table seq_t (id bigint generated by default as identity primary key, v int)");
        assertThat(run("align-sequences", "-c", config.toString(), "--tables", "seq_t")).as(err).isZero();
        assertThat(out).contains("largest key 41, B hands out 42 next");
        b.run("insert into seq_t (v) values (2)");
        assertThat(b.rows("select id from seq_t")).containsExactly("42");
    }

    @Test
    void aMissingSideIsNamed() throws Exception {
        Path noA = dir.resolve("no-a.properties");
        Files.writeString(noA, "dualaccess.b.url=" + b.url() + "\n");
        assertThat(run("verify", "-c", noA.toString(), "--tables", "orders")).isEqualTo(2);
        assertThat(err).contains("dualaccess verify:").contains("dualaccess.a.url is not set");
        assertThat(run("verify", "-c", dir.resolve("missing.properties").toString())).isEqualTo(2);
        assertThat(err).contains("(named by option --config)").doesNotContain("system property")
            .doesNotContain("verify: dualaccess:");
        assertThat(run("backfill", "-c", config.toString(), "--chunk-size", "0")).isEqualTo(2);
        assertThat(err).contains("chunk size must be between 1 and 100000, not 0");
    }

    @Test
    void helpListsTheSubcommands() {
        run("--help");
        assertThat(out).contains("backfill").contains("verify").contains("repair").contains("align-sequences");
        assertThat(List.of(out.split("\n"))).anyMatch(l -> l.trim().startsWith("report"));
    }
}
