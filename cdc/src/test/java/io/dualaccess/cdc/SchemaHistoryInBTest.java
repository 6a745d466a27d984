package io.dualaccess.cdc;

import io.dualaccess.testing.Engine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MariaDB's binlog reader keeps its schema history in a table of B by default: the sync writes no
 * local file, and a restart (a new Sync, as on another host) resumes streaming from B's offsets
 * and B's history, and changes made while it was stopped arrive.
 */
class SchemaHistoryInBTest {

    @Test
    void restartResumesWithTheHistoryInBAndNoLocalFile() throws Exception {
        Path defaultFile = Path.of("dualaccess-sync-schema-history.dat");
        Files.deleteIfExists(defaultFile);
        try (SyncFixture f = new SyncFixture(Engine.MARIADB, "cdc_hist")) {
            f.a.run("create table cdc_hist (id bigint primary key, name varchar(100), amount decimal(12,2))",
                "insert into cdc_hist values (1, 'one', 1.25), (2, 'two', 2.50)");
            f.b.run("create table cdc_hist (id bigint primary key, name varchar(100), amount numeric(12,2))");
            f.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select count(*) from cdc_hist") == 2);
            f.a.run("insert into cdc_hist values (3, 'three', 3.75)");
            await().atMost(Duration.ofSeconds(60)).until(() -> f.count(f.b, "select count(*) from cdc_hist") == 3);
            long history = f.count(f.b, "select count(*) from dualaccess_sync_schema_history where sync_name = '" + f.name + "'");
            assertThat(history).as("DDL records of the synced table in B").isPositive();
            f.sync.close();
            assertThat(f.history).doesNotExist();
            assertThat(defaultFile).doesNotExist();

            // while stopped: a change and DDL elsewhere in A's binlog
            f.a.run("insert into cdc_hist values (4, 'four', 4.00)", "update cdc_hist set amount = 9.99 where id = 1",
                "delete from cdc_hist where id = 2");
            f.start();
            f.awaitNoDifference(Duration.ofSeconds(90));
            assertThat(f.sync.metrics().snapshotRows()).as("resumed streaming, no new snapshot").isZero();
            assertThat(f.sync.metrics().errors()).isZero();
            f.a.run("insert into cdc_hist values (5, 'five', 5.00)");
            f.awaitNoDifference(Duration.ofSeconds(60));
            assertThat(f.count(f.b, "select count(*) from dualaccess_sync_schema_history where sync_name = '" + f.name + "'"))
                .isGreaterThanOrEqualTo(history);
            assertThat(defaultFile).doesNotExist();
        }
    }
}
