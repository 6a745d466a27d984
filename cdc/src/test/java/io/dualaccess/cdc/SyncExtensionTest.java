package io.dualaccess.cdc;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.testing.Engine;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** dualaccess.sync.enabled=true starts the sync inside the runtime, and closing the runtime stops it. */
class SyncExtensionTest {

    @Test
    void runtimeStartsAndStopsTheSync() throws Exception {
        try (SyncFixture f = new SyncFixture(Engine.POSTGRESQL, "cdc_ext")) {
            f.a.run("create table cdc_ext (id int primary key, v varchar(20))", "insert into cdc_ext values (1, 'one')");
            f.b.run("create table cdc_ext (id int primary key, v varchar(20))");
            DualAccessConfig config = f.runtimeConfig().build();
            Sync sync;
            try (DualAccessRuntime runtime = new DualAccessRuntime(config)) {
                runtime.start();
                sync = runtime.extension(Sync.class);
                assertThat(sync).isNotNull();
                await().atMost(Duration.ofSeconds(90)).until(() -> f.count(f.b, "select count(*) from cdc_ext") == 1);
                f.a.run("insert into cdc_ext values (2, 'two')");
                await().atMost(Duration.ofSeconds(30)).until(() -> f.count(f.b, "select count(*) from cdc_ext") == 2);
                assertThat(runtime.registry().find("dualaccess.sync.events").counter()).isNotNull();
            }
            assertThat(sync.status().get("state")).isEqualTo("stopped");
        }
    }
}
