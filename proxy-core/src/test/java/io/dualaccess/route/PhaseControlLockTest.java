package io.dualaccess.route;

import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.testing.FaultyDriver;
import io.dualaccess.testing.FaultyDriver.Faults;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The phase control does its I/O outside its monitor (issue 14, finding 6): a poll hung on B never holds up close or status. */
class PhaseControlLockTest {

    @Test
    void aPollHungOnBDoesNotHoldUpCloseOrStatus() throws Exception {
        Faults b = FaultyDriver.h2("ctl");
        ControlTable table = new ControlTable("dualaccess_phase", () -> DriverManager.getConnection(b.url()));
        PhaseControl control = new PhaseControl(PhaseSnapshot.of(Reads.A, Writes.A, Map.of(), 0, "config"),
            (from, to, local) -> List.of(), table, Duration.ZERO);
        b.hangConnects();
        CompletableFuture<Void> poll = CompletableFuture.runAsync(() -> {
            try {
                control.refresh();
            } catch (SQLException expected) {
                // B answered late, or not at all
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> b.waiting() == 1);
        assertThat(control.status().current().reads()).isEqualTo(Reads.A);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(control::close);
        await().atMost(Duration.ofSeconds(30)).until(closing::isDone);
        b.release();
        poll.get();
    }
}
