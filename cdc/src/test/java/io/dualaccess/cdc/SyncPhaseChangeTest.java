package io.dualaccess.cdc;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.testing.Engine;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With the sync in the runtime, a phase change waits until the sync's lag is below
 * dualaccess.sync.phase-change-lag, and is refused (nothing changed) when it stays above it for
 * dualaccess.sync.phase-change-wait. The lag is made real: a transaction on B holds a row lock, so
 * the sync's apply of A's update to that row blocks while A's commit ages.
 */
class SyncPhaseChangeTest {

    @Test
    void phaseChangeWaitsForTheSyncsLagAndIsRefusedWhenItStaysAboveTheBound() throws Exception {
        try (SyncFixture f = new SyncFixture(Engine.POSTGRESQL, "cdc_gate")) {
            f.a.run("create table cdc_gate (id int primary key, v varchar(20))", "insert into cdc_gate values (1, 'one')");
            f.b.run("create table cdc_gate (id int primary key, v varchar(20))");
            DualAccessConfig config = f.runtimeConfig()
                .set("dualaccess.sync.phase-change-lag", "300ms")
                .set("dualaccess.sync.phase-change-wait", "1s")
                .build();
            try (DualAccessRuntime runtime = new DualAccessRuntime(config)) {
                runtime.start();
                Sync sync = runtime.extension(Sync.class);
                assertThat(runtime.phaseControl().lagSources()).containsExactly(sync);
                await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select count(*) from cdc_gate") == 1);
                // caught up: the snapshot is done and a heartbeat (or the row) brought the lag under the bound
                await().atMost(Duration.ofSeconds(30)).until(() -> sync.lagMillis() >= 0 && sync.lagMillis() < 300);

                try (Connection hold = f.b.connect()) {
                    hold.setAutoCommit(false);
                    try (Statement s = hold.createStatement()) {
                        s.executeUpdate("update cdc_gate set v = 'held' where id = 1");
                    }
                    f.a.run("update cdc_gate set v = 'two' where id = 1");
                    await().atMost(Duration.ofSeconds(30)).until(() -> sync.lagMillis() > 300);

                    assertThatThrownBy(() -> runtime.phaseControl().setGlobal(Phase.SHADOW_READ, "test"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("phase change refused")
                        .hasMessageContaining("lag of sync " + f.name + " is ")
                        .hasMessageContaining("bound of 300 ms (dualaccess.sync.phase-change-lag)")
                        .hasMessageContaining("within 1000 ms (dualaccess.sync.phase-change-wait)");
                    assertThat(runtime.phaseControl().current().reads()).isEqualTo(Reads.A);

                    runtime.phaseControl().lagLimits(Duration.ofMillis(300), Duration.ofSeconds(90));
                    CompletableFuture<Object> change = CompletableFuture.supplyAsync(() -> {
                        try {
                            return runtime.phaseControl().setGlobal(Phase.SHADOW_READ, "test");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    // still held: the change cannot have gone through
                    assertThat(sync.lagMillis()).isGreaterThan(300);
                    Thread.sleep(500);
                    assertThat(change).isNotDone();
                    assertThat(runtime.phaseControl().current().reads()).isEqualTo(Reads.A);
                    // status stays readable while the change waits (no lock held)
                    assertThat(runtime.phaseControl().status().current().reads()).isEqualTo(Reads.A);
                    hold.rollback();
                    change.get(90, TimeUnit.SECONDS);
                }
                assertThat(runtime.phaseControl().current().reads()).isEqualTo(Reads.A_SHADOW_B);
                assertThat(f.count(f.b, "select count(*) from cdc_gate where v = 'two'")).isEqualTo(1);
            }
        }
    }
}
