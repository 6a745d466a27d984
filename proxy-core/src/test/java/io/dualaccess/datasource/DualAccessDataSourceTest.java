package io.dualaccess.datasource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.jdbc.DualConnection;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The programmatic path: a pool configured in code wraps the application's DataSource for A. */
class DualAccessDataSourceTest {

    @TempDir
    Path dir;

    @Test
    void hikariOverDualAccessDataSourceMirrorsWrites() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        a.run("create table t(id int primary key)");
        b.run("create table t(id int primary key)");
        try (DualAccessDataSource dual = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.DUAL_WRITE)
                .set("dualaccess.log.file", dir.resolve("c.jsonl").toString())
                .set("dualaccess.journal.file", dir.resolve("j.jsonl").toString())
                .build()) {
            HikariConfig hc = new HikariConfig();
            hc.setDataSource(dual);
            hc.setMaximumPoolSize(2);
            try (HikariDataSource pool = new HikariDataSource(hc); Connection c = pool.getConnection();
                 Statement s = c.createStatement()) {
                assertThat(c.isWrapperFor(DualConnection.class)).isTrue();
                assertThat(c.unwrap(org.h2.jdbc.JdbcConnection.class)).isNotNull();
                // The supported way from a connection (through the pool's proxy) to its runtime.
                assertThat(DualAccessRuntime.of(c)).isSameAs(dual.runtime());
                assertThat(c.unwrap(DualAccessRuntime.class)).isSameAs(dual.runtime());
                s.executeUpdate("insert into t values (1)");
                try (ResultSet rs = s.executeQuery("select count(*) from t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
            assertThat(dual.unwrap(DualAccessDataSource.class)).isSameAs(dual);
            assertThat(dual.config().phase()).isEqualTo(Phase.DUAL_WRITE);
        }
        assertThat(b.rows("select id from t")).containsExactly("1");
    }

    @Test
    void aConnectionThatIsNotOursHasNoRuntime() throws Exception {
        TestDb a = Engine.H2.a();
        try (Connection c = a.dataSource().getConnection()) {
            assertThatThrownBy(() -> DualAccessRuntime.of(c)).hasMessageContaining("not a dualaccess connection");
        }
    }

    @Test
    void badConfigurationFailsAtBuildNamingTheKey() {
        assertThatThrownBy(() -> DualAccessDataSource.builder(Engine.H2.a().dataSource()).set("dualaccess.phase", "shadoww").build())
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.phase = 'shadoww' (from DualAccessConfig.builder())");
    }

    @Test
    void phaseThatUsesBWithoutBUrlFailsAtFirstConnect() throws Exception {
        try (DualAccessDataSource dual = DualAccessDataSource.builder(Engine.H2.a().dataSource()).phase(Phase.DUAL_WRITE).build()) {
            assertThatThrownBy(dual::getConnection)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("dualaccess.b.url is not set");
        }
    }
}
