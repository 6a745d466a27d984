package io.dualaccess.cdc;

import io.dualaccess.testing.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the sync promises, from PostgreSQL and from MariaDB into PostgreSQL. */
class SyncGuaranteesTest {

    /**
     * Each of A's transactions increments a counter; B counts, with a trigger, every time the sync
     * writes the counter row. The sync is killed (its B transaction cut off, no clean shutdown)
     * while A keeps writing, and started again: B's counter ends equal to A's, and the trigger saw
     * each transaction exactly once — nothing lost, nothing applied twice.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void killedAndRestartedSyncLosesNothingAndAppliesNothingTwice(Engine source) throws Exception {
        try (SyncFixture f = new SyncFixture(source, "cdc_counter", "cdc_log")) {
            f.a.run("create table cdc_counter (id int primary key, n bigint not null)",
                "create table cdc_log (id bigint primary key, note varchar(100))",
                "insert into cdc_counter values (1, 0)");
            f.b.run("create table cdc_counter (id int primary key, n bigint not null)",
                "create table cdc_log (id bigint primary key, note varchar(100))",
                "drop table if exists cdc_counter_applies",
                "create table cdc_counter_applies (n bigint not null)",
                "create or replace function cdc_counter_applied() returns trigger language plpgsql as $$"
                    + " begin insert into cdc_counter_applies values (new.n); return new; end $$",
                "create trigger cdc_counter_applied after insert or update on cdc_counter for each row execute function cdc_counter_applied()");
            try {
                f.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select count(*) from cdc_counter") == 1);
                f.b.run("delete from cdc_counter_applies"); // the snapshot's copy of the row is not a transaction

                int total = 300;
                AtomicLong done = new AtomicLong();
                AtomicReference<Throwable> writerFailed = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try (Connection c = f.a.connect()) {
                        c.setAutoCommit(false);
                        try (PreparedStatement inc = c.prepareStatement("update cdc_counter set n = n + 1 where id = 1");
                             PreparedStatement log = c.prepareStatement("insert into cdc_log values (?, ?)")) {
                            for (int i = 1; i <= total; i++) {
                                inc.executeUpdate();
                                log.setLong(1, i);
                                log.setString(2, "tx " + i);
                                log.executeUpdate();
                                c.commit();
                                done.incrementAndGet();
                                Thread.sleep(5);
                            }
                        }
                    } catch (Throwable t) {
                        writerFailed.set(t);
                    }
                }, "cdc-test-writer");
                writer.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> f.count(f.b, "select n from cdc_counter where id = 1") >= 60);
                f.sync.kill();
                long atKill = f.count(f.b, "select n from cdc_counter where id = 1");
                assertThat(atKill).isLessThan(total);
                f.start();
                writer.join(120_000);
                assertThat(writerFailed.get()).isNull();
                assertThat(done.get()).isEqualTo(total);

                await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select n from cdc_counter where id = 1") == total);
                f.awaitNoDifference(Duration.ofSeconds(30));
                assertThat(f.count(f.a, "select n from cdc_counter where id = 1")).isEqualTo(total);
                assertThat(f.count(f.b, "select count(*) from cdc_counter_applies"))
                    .as("B's counter row written once per A transaction (killed at %d)", atKill).isEqualTo(total);
                assertThat(f.count(f.b, "select count(distinct n) from cdc_counter_applies")).isEqualTo(total);
            } finally {
                f.b.run("drop table if exists cdc_counter_applies", "drop function if exists cdc_counter_applied() cascade");
            }
        }
    }

    /**
     * Transactions of 100 statements on A move amounts between accounts (50 debits, then 50
     * credits): the total is the same before and after each, and different half-way. A reader on
     * B checks the total the whole time: it never sees half a transaction.
     */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
    void aTransactionIsNeverHalfVisibleOnB(Engine source) throws Exception {
        try (SyncFixture f = new SyncFixture(source, "cdc_accounts")) {
            String ddl = "create table cdc_accounts (id int primary key, balance bigint not null)";
            f.a.run(ddl);
            f.b.run(ddl);
            StringBuilder rows = new StringBuilder("insert into cdc_accounts values ");
            for (int i = 1; i <= 100; i++) {
                rows.append(i > 1 ? "," : "").append("(").append(i).append(", 1000)");
            }
            f.a.run(rows.toString());
            f.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select count(*) from cdc_accounts") == 100);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong checks = new AtomicLong();
            AtomicReference<String> broken = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try (Connection c = f.b.connect(); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        try (ResultSet rs = s.executeQuery("select sum(balance), count(*) from cdc_accounts")) {
                            rs.next();
                            if (rs.getLong(1) != 100_000 || rs.getLong(2) != 100) {
                                broken.compareAndSet(null, "sum " + rs.getLong(1) + " over " + rs.getLong(2) + " rows");
                            }
                        }
                        checks.incrementAndGet();
                    }
                } catch (Exception e) {
                    broken.compareAndSet(null, e.toString());
                }
            }, "cdc-test-reader");
            reader.start();
            int transactions = 20;
            try (Connection c = f.a.connect()) {
                c.setAutoCommit(false);
                try (PreparedStatement move = c.prepareStatement("update cdc_accounts set balance = balance + ? where id = ?")) {
                    for (int t = 0; t < transactions; t++) {
                        for (int i = 0; i < 100; i++) {
                            move.setLong(1, i < 50 ? -(t + 1) : (t + 1));
                            move.setInt(2, i < 50 ? 1 + (i + t) % 50 : 51 + (i + t) % 50);
                            move.executeUpdate();
                        }
                        c.commit();
                    }
                }
            }
            f.awaitNoDifference(Duration.ofSeconds(60));
            stop.set(true);
            reader.join(10_000);
            assertThat(broken.get()).as("what the reader on B saw").isNull();
            assertThat(checks.get()).isPositive();
            assertThat(f.appliedTransactions()).isEqualTo(transactions);
        }
    }
}
