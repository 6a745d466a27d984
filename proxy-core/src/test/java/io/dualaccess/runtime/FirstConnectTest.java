package io.dualaccess.runtime;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.testing.FaultyDriver;
import io.dualaccess.testing.FaultyDriver.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** B's first connect (issue 14, finding 6): bounded, outside the runtime's lock, and its isValid answer counts. */
class FirstConnectTest {

    @TempDir
    Path dir;

    private Faults a;
    private Faults b;
    private DualAccessDataSource ds;

    @AfterEach
    void close() {
        if (b != null) {
            b.clear();
        }
        if (ds != null) {
            ds.close();
        }
    }

    private DualAccessDataSource dataSource(Phase phase, String timeout) throws SQLException {
        a = FaultyDriver.h2("a");
        b = FaultyDriver.h2("b");
        try (Connection c = a.direct(); Statement s = c.createStatement()) {
            s.execute("create table t (id int primary key)");
        }
        ds = DualAccessDataSource.builder(a.dataSource())
            .b(b.url(), "sa", "")
            .phase(phase)
            .set("dualaccess.b.statement-timeout", timeout)
            .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
            .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
            .build();
        return ds;
    }

    @Test
    void aBThatNeverAnswersDoesNotHoldUpTheApplication() throws Exception {
        dataSource(Phase.DUAL_WRITE, "1s");
        b.hangConnects();
        // A answers in dual-write: the application gets its connection, B is skipped until it answers.
        CompletableFuture<Connection> c = CompletableFuture.supplyAsync(() -> {
            try {
                return ds.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(c::isDone);
        try (Connection conn = c.get(); Statement s = conn.createStatement()) {
            s.executeUpdate("insert into t values (1)");
        }
    }

    @Test
    void whileBsFirstConnectIsPendingTheRuntimeIsNotLocked() throws Exception {
        dataSource(Phase.DUAL_WRITE, "60s");
        b.hangConnects();
        AtomicReference<Thread> starter = new AtomicReference<>();
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            starter.set(Thread.currentThread());
            try {
                ds.runtime().start();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> starter.get() != null && waitingForB(starter.get()));
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {starter.get().getId()}, true, false)[0];
        for (MonitorInfo m : info.getLockedMonitors()) {
            assertThat(m.getClassName()).as("a lock held while B's first connect is pending")
                .isNotEqualTo(DualAccessRuntime.class.getName());
        }
        b.release();
        started.get();
    }

    /** Whether the thread is inside B's first connect (the bounded wait, or the driver's hang itself). */
    private static boolean waitingForB(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith(BoundedConnect.class.getName()) || e.getClassName().contains("FaultyDriver")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aBWhoseConnectionIsNotValidIsUnreachableWhereBAnswers() throws Exception {
        dataSource(Phase.LIVE, "1s");
        b.invalid();
        assertThatThrownBy(() -> ds.getConnection()).isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("database B is unreachable").hasMessageContaining("isValid");
    }
}
