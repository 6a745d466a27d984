package io.dualaccess.cdc;

import io.dualaccess.testing.Engine;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PgToPgSyncTest {

    @Test
    void snapshotThenStreamingLeavesNoDifference() throws Exception {
        try (SyncFixture f = new SyncFixture(Engine.POSTGRESQL, "cdc_items")) {
            String ddl = "create table cdc_items (id bigint primary key, name text, amount numeric(20,6), happened timestamp(6),"
                + " zoned timestamptz, day date, payload jsonb, bin bytea, flag boolean)";
            f.a.run(ddl);
            f.b.run(ddl);
            f.a.run("insert into cdc_items select g, 'n' || g, g * 1.000001, timestamp '2024-01-01 00:00:00.123456' + g * interval '1 second',"
                + " timestamptz '2024-01-01 10:00:00.654321+02' + g * interval '1 minute', date '2024-01-01' + g, ('{\"k\":' || g || '}')::jsonb,"
                + " decode(md5(g::text), 'hex'), g % 2 = 0 from generate_series(1, 3000) g");
            f.a.run("insert into cdc_items values (0, 'inf', 'NaN', 'infinity', '-infinity', 'infinity', null, null, null)",
                "insert into cdc_items values (-1, '-inf', '-1.5', '-infinity', 'infinity', '-infinity', null, null, null)");
            f.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select count(*) from cdc_items") == 3002);

            try (Connection c = f.a.connect()) {
                c.setAutoCommit(false);
                for (int t = 0; t < 50; t++) {
                    try (PreparedStatement ins = c.prepareStatement("insert into cdc_items values (?, ?, ?, now(), now(), current_date, '{\"a\":[1,2]}', '\\x00ff', true)");
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
                try (java.sql.Statement s = c.createStatement()) {
                    // infinity while streaming (the snapshot reads it through JDBC, streaming through pgoutput)
                    s.execute("insert into cdc_items values (-2, 'streamed inf', 'NaN', 'infinity', '-infinity', 'infinity', null, null, null)");
                    s.execute("insert into cdc_items values (-3, 'streamed -inf', '0', '-infinity', 'infinity', '-infinity', null, null, null)");
                }
                c.commit();
            }
            f.awaitNoDifference(Duration.ofSeconds(60));
            assertThat(f.a.rows("select id, amount::text, happened::text, zoned::text, day::text from cdc_items where id <= 0 order by id"))
                .isEqualTo(f.b.rows("select id, amount::text, happened::text, zoned::text, day::text from cdc_items where id <= 0 order by id"));
            assertThat(f.sync.metrics().events()).isGreaterThanOrEqualTo(3002 + 100);
            assertThat(f.appliedTransactions()).isEqualTo(51);
        }
    }
}
