package io.dualaccess.driver;

import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.jdbc.DualConnection;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DualAccessDriverTest {

    private static final String H2 = "jdbc:dualaccess:h2:mem:driver_test;DB_CLOSE_DELAY=-1";

    private static Properties props(String... kv) {
        return TestProperties.of(kv);
    }

    @Test
    void registeredWithDriverManagerAndAcceptsOnlyItsPrefix() throws Exception {
        Driver d = DriverManager.getDriver(H2);
        assertThat(d).isInstanceOf(DualAccessDriver.class);
        assertThat(d.acceptsURL("jdbc:h2:mem:x")).isFalse();
        assertThat(d.acceptsURL(null)).isFalse();
        assertThat(d.connect("jdbc:h2:mem:x", new Properties())).as("JDBC contract: null for foreign URLs").isNull();
        assertThat(d.getMajorVersion()).isEqualTo(0);
        assertThat(d.getMinorVersion()).isEqualTo(1);
        assertThat(d.jdbcCompliant()).isFalse();
        assertThat(d.getParentLogger().getName()).isEqualTo("io.dualaccess");
    }

    @Test
    void connectsToAThroughItsOwnDriverPassingPropertiesThrough() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:driver_user_test",
                props("user", "sa", "password", "", "dualaccess.phase", "off"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user")) {
            assertThat(c).isInstanceOf(DualConnection.class);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("sa");
            assertThat(c.unwrap(org.h2.jdbc.JdbcConnection.class)).isNotNull();
        }
    }

    @Test
    void vendorErrorsOnConnectReachTheApplicationUnchanged() {
        SQLException direct = catchSql(() -> DriverManager.getConnection("jdbc:h2:mem:x;NO_SUCH_SETTING=1"));
        SQLException proxied = catchSql(() -> DriverManager.getConnection("jdbc:dualaccess:h2:mem:x;NO_SUCH_SETTING=1"));
        assertThat(proxied.getClass()).isEqualTo(direct.getClass());
        assertThat(proxied.getSQLState()).isEqualTo(direct.getSQLState());
        assertThat(proxied.getErrorCode()).isEqualTo(direct.getErrorCode());
        assertThat(proxied.getMessage()).isEqualTo(direct.getMessage());
    }

    @Test
    void unknownAUrlNamesTheUrlAndWhatToFix() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:dualaccess:nosuchdb://h/db?password=hunter2"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("no JDBC driver accepts database A's URL jdbc:nosuchdb://h/db?password=****")
            .hasMessageContaining("put A's vendor driver jar on the classpath")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void refusesAUrlThatLoopsBackIntoItself() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:dualaccess:dualaccess:h2:mem:x"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("would loop back into dualaccess");
    }

    @Test
    void refusesAUrlWithoutA() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:dualaccess:"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("names no database A");
    }

    @Test
    void misspeltKeyFailsAtConnectWithSuggestion() {
        assertThatThrownBy(() -> DriverManager.getConnection(H2, props("dualaccess.phsae", "off")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("unknown key dualaccess.phsae (from connection properties); did you mean dualaccess.phase?");
    }

    @Test
    void badEnumValueFailsAtConnect() {
        assertThatThrownBy(() -> DriverManager.getConnection(H2, props("dualaccess.writes", "a-mirror-c")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.writes = 'a-mirror-c' (from connection properties): expected one of a, a-mirror-b, b-mirror-a, b")
            .hasMessageContaining("did you mean 'a-mirror-b'?");
    }

    @Test
    void unreadableConfigFileFailsAtConnect() {
        String previous = System.getProperty("dualaccess.config");
        System.setProperty("dualaccess.config", "/nonexistent/dualaccess.properties");
        try {
            assertThatThrownBy(() -> DriverManager.getConnection(H2))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cannot read file /nonexistent/dualaccess.properties (named by system property dualaccess.config): no such file");
        } finally {
            if (previous == null) {
                System.clearProperty("dualaccess.config");
            } else {
                System.setProperty("dualaccess.config", previous);
            }
        }
    }

    @Test
    void phaseThatUsesBNeedsBUrl() {
        assertThatThrownBy(() -> DriverManager.getConnection(H2, props("dualaccess.phase", "live")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.b.url is not set, but reads=b-shadow-a writes=b-mirror-a (phase live, from connection properties)");
    }

    @Test
    void unreachableBWhereBAnswersFailsNamingTheKey() {
        assertThatThrownBy(() -> DriverManager.getConnection(H2, props(
                "dualaccess.phase", "live",
                "dualaccess.b.url", "jdbc:postgresql://127.0.0.1:1/b?password=hunter2",
                "dualaccess.b.user", "app")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("database B is unreachable: dualaccess.b.url = 'jdbc:postgresql://127.0.0.1:1/b?password=****' (from connection properties)")
            .hasMessageContaining("Connection refused")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void unreachableBWhereAAnswersDoesNotStopTheApplication(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // B down must never surface while A is authoritative: the connect succeeds, writes get A's
        // results, and the journal keeps what B missed.
        Path journal = dir.resolve("journal.jsonl");
        DualAccessRuntime runtime = null;
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:driver_b_down;DB_CLOSE_DELAY=-1", props(
                "dualaccess.phase", "dual-write",
                "dualaccess.b.url", "jdbc:postgresql://127.0.0.1:1/b",
                // Ample for a refused connect even on a loaded machine (the first connect is bounded
                // by it; at 250 ms a busy CI host could time out before the refusal arrived).
                "dualaccess.b.statement-timeout", "5s",
                "dualaccess.log.file", dir.resolve("comparisons.jsonl").toString(),
                "dualaccess.journal.file", journal.toString()));
             Statement s = c.createStatement()) {
            s.execute("create table t(id int primary key)");
            assertThat(s.executeUpdate("insert into t values (1)")).isEqualTo(1);
            // Closed before the temporary directory is deleted: its breaker probe and writers would
            // otherwise keep using the directory while JUnit removes it.
            runtime = DualAccessRuntime.of(c);
        } finally {
            if (runtime != null) {
                runtime.close();
            }
        }
        // Connect found B unreachable: the breaker starts open, and the entry carries connect's real error.
        assertThat(Files.readAllLines(journal)).singleElement().satisfies(l -> assertThat(l)
            .contains("\"reason\":\"skipped:breaker_open\"", "insert into t values (1)", "B unreachable at start: Connection refused"));
    }

    @Test
    void shadowReadPhaseConnectsAndAnswersFromA(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:driver_shadow;DB_CLOSE_DELAY=-1", props(
                "dualaccess.phase", "shadow-read",
                "dualaccess.b.url", "jdbc:h2:mem:driver_shadow_b;DB_CLOSE_DELAY=-1",
                "dualaccess.log.file", dir.resolve("comparisons.jsonl").toString()));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 41 + 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void readsAndWritesMustBeAnsweredByTheSameSide() {
        assertThatThrownBy(() -> DriverManager.getConnection(H2, props(
                "dualaccess.reads", "b",
                "dualaccess.writes", "a-mirror-b",
                "dualaccess.b.url", "jdbc:h2:mem:driver_b")))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("reads=b and writes=a-mirror-b")
            .hasMessageContaining("are answered by different sides");
    }

    @Test
    void propertyInfoDescribesAsKeysAndOurs() throws Exception {
        DriverPropertyInfo[] info = DriverManager.getDriver(H2).getPropertyInfo(H2, new Properties());
        assertThat(Arrays.stream(info).map(i -> i.name))
            .contains("dualaccess.b.url", "dualaccess.phase", "dualaccess.reads", "dualaccess.writes", "dualaccess.b.password");
        DriverPropertyInfo phase = Arrays.stream(info).filter(i -> i.name.equals("dualaccess.phase")).findFirst().orElseThrow();
        assertThat(phase.value).isEqualTo("off");
        assertThat(phase.choices).contains("off", "shadow-read", "complete");
        assertThat(phase.description).isNotBlank();
    }

    private interface SqlCall {
        Object call() throws SQLException;
    }

    private static SQLException catchSql(SqlCall call) {
        try {
            call.call();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected an SQLException");
    }
}
