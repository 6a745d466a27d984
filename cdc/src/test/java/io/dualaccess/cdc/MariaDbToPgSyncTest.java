package io.dualaccess.cdc;

import io.dualaccess.testing.Engine;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MariaDbToPgSyncTest {

    @Test
    void snapshotThenStreamingLeavesNoDifference() throws Exception {
        try (SyncFixture f = new SyncFixture(Engine.MARIADB, "cdc_items")) {
            f.a.run("create table cdc_items (id bigint primary key, name varchar(100), amount decimal(20,6), happened datetime(6),"
                + " day date, payload json, bin varbinary(64), flag boolean)");
            f.b.run("create table cdc_items (id bigint primary key, name varchar(100), amount numeric(20,6), happened timestamp(6),"
                + " day date, payload jsonb, bin bytea, flag boolean)");
            f.a.run("insert into cdc_items select n, concat('n', n), n * 1.000001, timestamp '2024-01-01 00:00:00.123456' + interval n second,"
                + " date '2024-01-01' + interval n day, concat('{\"k\":', n, '}'), unhex(md5(n)), n % 2 = 0 from (select seq as n from seq_1_to_3000) g");
            f.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select count(*) from cdc_items") == 3000);

            try (Connection c = f.a.connect()) {
                c.setAutoCommit(false);
                for (int t = 0; t < 50; t++) {
                    try (PreparedStatement ins = c.prepareStatement(
                             "insert into cdc_items values (?, ?, ?, now(6), current_date, '{\"a\":[1,2]}', x'00ff', true)");
                         PreparedStatement upd = c.prepareStatement("update cdc_items set amount = amount + 0.5, payload = '{\"u\":1}' where id = ?");
                         PreparedStatement del = c.prepareStatement("delete from cdc_items where id = ?")) {
                        ins.setLong(1, 10_000 + t);
                        ins.setString(2, "streamed " + t);
                        ins.setBigDecimal(3, new java.math.BigDecimal("12345678901234.123456"));
                        ins.executeUpdate();
                        upd.setLong(1, t * 7 + 1);
                        upd.executeUpdate();
                        del.setLong(1, t * 11 + 2);
                        del.executeUpdate();
                    }
                    c.commit();
                }
            }
            f.awaitNoDifference(Duration.ofSeconds(60));
            assertThat(f.sync.metrics().events()).isGreaterThanOrEqualTo(3000 + 100);
            assertThat(f.appliedTransactions()).isEqualTo(50);
        }
    }
}
