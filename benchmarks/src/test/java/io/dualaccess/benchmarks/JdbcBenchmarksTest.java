package io.dualaccess.benchmarks;

import com.p6spy.engine.logging.P6LogFactory;
import com.p6spy.engine.spy.P6Factory;
import com.p6spy.engine.spy.P6ModuleManager;
import com.p6spy.engine.wrapper.ConnectionWrapper;
import com.p6spy.engine.wrapper.PreparedStatementWrapper;
import io.dualaccess.Phase;
import io.dualaccess.jdbc.DualConnection;
import io.dualaccess.jdbc.DualPreparedStatement;
import io.dualaccess.jdbc.DualResultSet;
import io.dualaccess.runtime.DualAccessRuntime;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbc.JdbcPreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the benchmarks honest: every mode really puts its proxy between the pool and H2, and
 * every workload does what its name says. Runs each workload once; no measuring here.
 */
class JdbcBenchmarksTest {

    private static final Blackhole BH = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    private final JdbcBenchmarks benchmarks = new JdbcBenchmarks();

    @ParameterizedTest
    @EnumSource(names = {"RAW", "P6SPY", "DATASOURCE_PROXY", "DUALACCESS_OFF", "DUALACCESS_DUAL_WRITE"})
    void everyWorkloadRunsThroughTheModesProxy(Mode mode) throws Exception {
        CountingListener listener = new CountingListener();
        try (Fixture fixture = Fixture.open(mode, listener)) {
            assertLayering(fixture);
            runEveryWorkload(fixture);
            if (mode == Mode.DATASOURCE_PROXY) {
                // one afterQuery per execute: statementCycle, pointSelect, select1000Rows, insert, update, batch
                assertThat(listener.afterQuery.get()).isGreaterThanOrEqualTo(6);
            } else {
                assertThat(listener.afterQuery.get()).isZero();
            }
        }
    }

    @Test
    void closingAFixtureStopsItsRuntimeAndLeavesNoScratchDirectory() throws Exception {
        java.nio.file.Path scratch;
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        java.util.List<Thread> writers;
        try (Fixture fixture = Fixture.open(Mode.DUALACCESS_DUAL_WRITE, new CountingListener())) {
            scratch = fixture.scratch();
            runEveryWorkload(fixture);
            writers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dualaccess-events-") && !before.contains(t)).toList();
            assertThat(writers).as("this fixture's comparison log writer").hasSize(1);
            assertThat(scratch).isDirectory();
        }
        // Before, the runtime lived on: its log writer wrote the last aggregates into the deleted
        // directory at the next interval, and every JMH trial left a dualaccess-bench-* directory in /tmp.
        assertThat(writers).as("the log writer stopped with the fixture").noneMatch(Thread::isAlive);
        assertThat(scratch).doesNotExist();
    }

    @Test
    void theBenchmarkListsEveryMode() throws Exception {
        assertThat(defaultModes()).containsExactly(
            java.util.Arrays.stream(Mode.values()).map(Mode::spelling).toArray(String[]::new));
    }

    private void runEveryWorkload(Fixture fixture) throws Exception {
        JdbcState s = new JdbcState();
        s.mode = fixture.mode().spelling();
        s.fixture = fixture;
        s.dataSource = fixture.dataSource();
        Cursor c = new Cursor();

        assertThat(benchmarks.statementCycle(s, c, BH)).isEqualTo(1);
        assertThat(benchmarks.pointSelect(s, c, BH)).isEqualTo(1);
        assertThat(benchmarks.select1000Rows(s, c, BH)).isEqualTo(Fixture.RANGE);
        assertThat(benchmarks.insert(s, c)).isEqualTo(1);
        assertThat(benchmarks.updateInTransaction(s, c)).isEqualTo(1);
        assertThat(benchmarks.batch100Inserts(s, c)).isEqualTo(JdbcBenchmarks.BATCH);
        assertThat(fixture.countEvents()).isEqualTo(1 + JdbcBenchmarks.BATCH);
        if (fixture.mode() == Mode.DUALACCESS_DUAL_WRITE) {
            // the writes really were mirrored to B
            assertThat(fixture.countEventsOnB()).isEqualTo(1 + JdbcBenchmarks.BATCH);
        }

        // the pool restored auto-commit after updateInTransaction
        try (Connection conn = fixture.dataSource().getConnection()) {
            assertThat(conn.getAutoCommit()).isTrue();
        }
        fixture.clearEvents();
        assertThat(fixture.countEvents()).isZero();
    }

    /** HikariCP's proxies unwrap to exactly one level below: the object the mode puts there. */
    private static void assertLayering(Fixture fixture) throws Exception {
        Mode mode = fixture.mode();
        try (Connection conn = fixture.dataSource().getConnection();
             PreparedStatement ps = conn.prepareStatement(JdbcBenchmarks.STATEMENT_CYCLE_SQL)) {
            Connection below = conn.unwrap(Connection.class);
            PreparedStatement psBelow = ps.unwrap(PreparedStatement.class);
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSet rsBelow = rs.unwrap(ResultSet.class);
                switch (mode) {
                    case RAW -> {
                        assertThat(below).isInstanceOf(JdbcConnection.class);
                        assertThat(psBelow).isInstanceOf(JdbcPreparedStatement.class);
                    }
                    case P6SPY -> {
                        assertThat(below).isInstanceOf(ConnectionWrapper.class);
                        assertThat(psBelow).isInstanceOf(PreparedStatementWrapper.class);
                        assertThat(below.unwrap(JdbcConnection.class)).isNotNull();
                        // logging really is off: the logging module is not loaded at all
                        List<P6Factory> factories = P6ModuleManager.getInstance().getFactories();
                        assertThat(factories).noneMatch(f -> f instanceof P6LogFactory);
                    }
                    case DATASOURCE_PROXY -> {
                        assertThat(Proxy.isProxyClass(below.getClass())).as("JDK proxy from datasource-proxy").isTrue();
                        assertThat(Proxy.isProxyClass(psBelow.getClass())).isTrue();
                        assertThat(below.unwrap(JdbcConnection.class)).isNotNull();
                    }
                    default -> {
                        assertThat(below).isInstanceOf(DualConnection.class);
                        assertThat(psBelow).isInstanceOf(DualPreparedStatement.class);
                        assertThat(rsBelow).isInstanceOf(DualResultSet.class);
                        assertThat(DualAccessRuntime.of(below).config().phase())
                            .isEqualTo(Phase.fromConfigValue(mode.phase()));
                        assertThat(below.unwrap(JdbcConnection.class)).isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void eventNeverHoldsMoreThanOneWindowOfRows() throws Exception {
        try (Fixture fixture = Fixture.open(Mode.RAW)) {
            JdbcState s = new JdbcState();
            s.fixture = fixture;
            s.dataSource = fixture.dataSource();
            Cursor c = new Cursor();
            int batches = Fixture.EVENT_WINDOW / JdbcBenchmarks.BATCH;
            for (int i = 0; i < batches; i++) {
                benchmarks.batch100Inserts(s, c);
            }
            assertThat(fixture.countEvents()).isEqualTo(Fixture.EVENT_WINDOW);
            benchmarks.insert(s, c); // crosses the window: emptied, then inserted
            assertThat(fixture.countEvents()).isEqualTo(1);
        }
    }

    private static List<String> defaultModes() throws NoSuchFieldException {
        return Arrays.asList(JdbcState.class.getField("mode").getAnnotation(Param.class).value());
    }

    static final class CountingListener implements QueryExecutionListener {
        final AtomicInteger afterQuery = new AtomicInteger();

        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
            afterQuery.incrementAndGet();
        }
    }
}
