package io.dualaccess.spring;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.spring.other.PlainDataSourceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A DataSource bean that is not a HikariCP pool is wrapped from outside; unwrap still reaches it. */
class PlainDataSourceTest {

    @Test
    void anotherKindOfDataSourceIsWrappedAndMirrored() throws Exception {
        String b = "jdbc:h2:mem:plain_b;DB_CLOSE_DELAY=-1";
        try (Connection cb = DriverManager.getConnection(b, "sa", ""); Statement st = cb.createStatement()) {
            st.execute("create table notes (id int primary key, body varchar(50))");
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(PlainDataSourceApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.flyway.enabled=false", "--dualaccess.phase=dual-write", "--dualaccess.b.url=" + b,
                    "--dualaccess.b.user=sa", "--dualaccess.control.poll=off",
                    "--dualaccess.log.file=target/plain-comparisons.jsonl", "--dualaccess.journal.file=target/plain-journal.jsonl")) {
            DataSource ds = ctx.getBean(DataSource.class);
            assertThat(ds).isInstanceOf(DualAccessDataSource.class);
            assertThat(ds.unwrap(DriverManagerDataSource.class)).isInstanceOf(DriverManagerDataSource.class);
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.execute("create table notes (id int primary key, body varchar(50))");
            jdbc.update("insert into notes values (?, ?)", 1, "hello");
        }
        try (Connection cb = DriverManager.getConnection(b, "sa", ""); Statement st = cb.createStatement();
             ResultSet rs = st.executeQuery("select body from notes where id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("hello");
        }
    }
}
