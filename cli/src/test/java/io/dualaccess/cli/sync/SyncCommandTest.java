package io.dualaccess.cli.sync;

import io.dualaccess.cli.DualAccessCli;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SyncCommandTest {

    @TempDir
    Path dir;

    @Test
    void missingTablesCannotRun(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("dualaccess.properties");
        Files.writeString(config, "dualaccess.a.url=jdbc:postgresql://127.0.0.1:1/a\ndualaccess.b.url=jdbc:postgresql://127.0.0.1:1/b\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DualAccessCli.run(new PrintWriter(out), new PrintWriter(err), "sync", "--config", config.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("dualaccess sync: ").contains("dualaccess.sync.tables");
    }

    @Test
    void syncsTheTablesUntilItsTimeIsUp() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.POSTGRESQL.b();
        String db = a.url().substring(a.url().lastIndexOf('/') + 1);
        String slot = "da_cli_" + db + "_" + Long.toString(System.nanoTime() % 100_000, 36);
        a.run("drop table if exists cdc_cli", "create table cdc_cli (id int primary key, v varchar(20))",
            "insert into cdc_cli values (1, 'one'), (2, 'two')");
        b.run("drop table if exists cdc_cli", "create table cdc_cli (id int primary key, v varchar(20))");
        Path config = dir.resolve("dualaccess.properties");
        Files.writeString(config, String.join("\n",
            "dualaccess.a.url=" + a.url(), "dualaccess.a.user=" + a.user(), "dualaccess.a.password=" + a.password(),
            "dualaccess.b.url=" + b.url(), "dualaccess.b.user=" + b.user(), "dualaccess.b.password=" + b.password(),
            "dualaccess.sync.tables=cdc_cli", "dualaccess.sync.slot=" + slot, ""));
        Path log = dir.resolve("sync.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread cli = new Thread(() -> code.set(DualAccessCli.run(new PrintWriter(out), new PrintWriter(err),
            "sync", "--config", config.toString(), "--for", "40s", "--status-every", "2s", "--log", log.toString())));
        try {
            cli.start();
            await().atMost(Duration.ofSeconds(40)).until(() -> count(b, "select count(*) from cdc_cli") == 2);
            a.run("insert into cdc_cli values (3, 'three')", "update cdc_cli set v = 'uno' where id = 1");
            await().atMost(Duration.ofSeconds(20)).until(() -> count(b, "select count(*) from cdc_cli where id = 3 or v = 'uno'") == 2);
            cli.join(60_000);
            assertThat(code.get()).as(err.toString()).isZero();
            assertThat(out.toString()).contains("sync " + slot + ": ");

            // --log: the status as kind-sync events, which dualaccess report summarises
            assertThat(Files.readAllLines(log)).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l).contains("\"kind\":\"sync\""));
            StringWriter report = new StringWriter();
            StringWriter reportErr = new StringWriter();
            assertThat(DualAccessCli.run(new PrintWriter(report), new PrintWriter(reportErr), "report", log.toString()))
                .as(reportErr.toString()).isZero();
            assertThat(reportErr.toString()).doesNotContain("malformed");
            assertThat(report.toString()).contains("Sync from A's change log")
                .containsPattern(slot + ": stopped, lag unknown \\(p50 \\d+, p99 \\d+, at most \\d+ ms over \\d+ samples\\), position \\{.*lsn")
                .contains("snapshot rows 2, events 4, transactions 2, errors 0");
            StringWriter json = new StringWriter();
            assertThat(DualAccessCli.run(new PrintWriter(json), new PrintWriter(new StringWriter()), "report", "--format", "json", log.toString()))
                .isZero();
            com.fasterxml.jackson.databind.JsonNode sync = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString()).at("/sync/0");
            assertThat(sync.get("name").asText()).isEqualTo(slot);
            assertThat(sync.get("events").asLong()).isEqualTo(4);
            assertThat(sync.get("transactions").asLong()).isEqualTo(2);
            assertThat(sync.get("errors").asLong()).isZero();
            assertThat(sync.get("state").asText()).isEqualTo("stopped");
            assertThat(sync.get("lag_ms").asLong()).as("not known once stopped").isEqualTo(-1);
            assertThat(sync.get("lag_max_ms").asLong()).as("while it ran").isGreaterThanOrEqualTo(0);
            assertThat(sync.get("position").asText()).contains("lsn");
            assertThat(sync.get("samples").asLong()).isGreaterThan(2);
        } finally {
            cli.join(60_000);
            dropSlot(a, slot);
            a.run("drop table if exists cdc_cli");
            b.run("drop table if exists cdc_cli", "delete from dualaccess_sync_offsets where sync_name = '" + slot + "'");
        }
    }

    private static long count(TestDb db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void dropSlot(TestDb a, String slot) throws Exception {
        for (int i = 0; i < 50; i++) {
            try (Connection c = a.connect(); Statement s = c.createStatement()) {
                s.execute("drop publication if exists " + slot);
                try (ResultSet rs = s.executeQuery("select 1 from pg_replication_slots where slot_name = '" + slot + "'")) {
                    if (!rs.next()) {
                        return;
                    }
                }
                try {
                    s.execute("select pg_drop_replication_slot('" + slot + "')");
                    return;
                } catch (java.sql.SQLException active) {
                    Thread.sleep(200);
                }
            }
        }
    }
}
