package io.dualaccess.cdc;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.translate.SchemaMapping;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sync between a test database A (PostgreSQL or MariaDB) and B (PostgreSQL), with its own
 * replication slot (named after A's database, so parallel runs on one server never share one),
 * dropped again with the tables when the test ends.
 */
final class SyncFixture implements AutoCloseable {

    final TestDb a;
    final TestDb b;
    final String name;
    final Path history;
    private final String[] tables;
    Sync sync;

    SyncFixture(Engine source, String... tables) throws Exception {
        this.a = source.a();
        this.b = Engine.POSTGRESQL.b();
        String db = a.url().substring(a.url().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(java.util.Locale.ROOT);
        this.name = "da_sync_" + db + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        this.history = Files.createTempFile("dualaccess-sync-history", ".dat");
        Files.deleteIfExists(history);
        this.tables = tables;
        dropTables();
        dropSlot();
    }

    DualAccessConfig config() throws Exception {
        return syncOf().build();
    }

    /**
     * The configuration of a runtime that runs this sync inside it, with no control table and its
     * comparison log and journal beside the schema history (deleted by {@link #close()}).
     */
    DualAccessConfig.Builder runtimeConfig() {
        return syncOf()
            .set("dualaccess.sync.enabled", "true")
            .set("dualaccess.control.poll", "off")
            .set("dualaccess.log.file", sibling("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", sibling("journal.jsonl").toString());
    }

    private DualAccessConfig.Builder syncOf() {
        return DualAccessConfig.builder()
            .set("dualaccess.a.url", a.url()).set("dualaccess.a.user", a.user()).set("dualaccess.a.password", a.password())
            .b(b.url(), b.user(), b.password())
            .set("dualaccess.sync.tables", String.join(",", tables))
            .set("dualaccess.sync.slot", name);
    }

    Sync start() throws Exception {
        sync = Sync.start(SyncSettings.of(config()), SchemaMapping.NONE, new SimpleMeterRegistry());
        return sync;
    }

    /** The project's verify over the synced tables. */
    VerifyReport verify() throws SQLException {
        return Verify.builder(a::connect, b::connect).tables(List.of(tables)).build().run();
    }

    /** Waits until verify finds no difference; fails with verify's report when it does not come. */
    void awaitNoDifference(java.time.Duration atMost) throws Exception {
        try {
            org.awaitility.Awaitility.await().atMost(atMost).pollInterval(java.time.Duration.ofMillis(500)).until(() -> verify().equal());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("B still differs from A after " + atMost + ": " + verify().text() + "\nsync: " + status(), e);
        }
    }

    long count(TestDb db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The applied-transaction count B's offsets table holds for this sync. */
    long appliedTransactions() throws SQLException {
        try (Connection c = b.connect();
             PreparedStatement ps = c.prepareStatement("select coalesce(sum(transactions), 0) from dualaccess_sync_offsets where sync_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A file beside the schema history for one of the runtime's own files (log, journal), deleted by {@link #close()}. */
    Path sibling(String suffix) {
        return history.resolveSibling(name + "-" + suffix);
    }

    Map<String, Object> status() {
        return sync.status();
    }

    @Override
    public void close() throws SQLException, java.io.IOException {
        if (sync != null) {
            sync.close();
        }
        dropSlot();
        try {
            b.run("delete from dualaccess_sync_offsets where sync_name = '" + name + "'");
        } catch (SQLException ignored) {
            // no offsets table yet
        }
        try {
            b.run("delete from dualaccess_sync_schema_history where sync_name = '" + name + "'");
        } catch (SQLException ignored) {
            // no schema history table (PostgreSQL A)
        }
        dropTables();
        Files.deleteIfExists(history);
        for (String own : new String[] {"comparisons.jsonl", "journal.jsonl"}) {
            Files.deleteIfExists(sibling(own));
        }
    }

    private void dropTables() throws SQLException {
        for (String t : tables) {
            a.run("drop table if exists " + t);
            b.run("drop table if exists " + t + " cascade");
        }
    }

    /** Drops the slot and publication on PostgreSQL A; the engine releases the slot shortly after closing. */
    private void dropSlot() throws SQLException {
        if (a.engine() != Engine.POSTGRESQL) {
            return;
        }
        for (int i = 0; i < 50; i++) {
            try (Connection c = a.connect(); Statement s = c.createStatement()) {
                s.execute("drop publication if exists " + name);
                try (ResultSet rs = s.executeQuery("select active_pid from pg_replication_slots where slot_name = '" + name + "'")) {
                    if (!rs.next()) {
                        return;
                    }
                    Object pid = rs.getObject(1);
                    if (pid != null && i > 20) {
                        s.execute("select pg_terminate_backend(" + pid + ")");
                    }
                }
                try {
                    s.execute("select pg_drop_replication_slot('" + name + "')");
                    return;
                } catch (SQLException stillActive) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
