package io.dualaccess.spring;

import io.dualaccess.spring.shop.ShopApplication;
import io.dualaccess.events.EventLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Liquibase through the starter, as Flyway: the application's changelog runs through the
 * application's DataSource, so through dualaccess (phase shadow, same engine on both sides,
 * {@code dualaccess.mirror.ddl=true}): B gets the tables, the rows and Liquibase's history, and
 * Liquibase's own tables are never compared ({@code dualaccess.schema-tools.tables} defaults).
 */
@SpringBootTest(classes = ShopApplication.class, properties = {
    "spring.datasource.url=jdbc:h2:mem:lb_a;DB_CLOSE_DELAY=-1",
    "spring.datasource.hikari.pool-name=liquibase-shop",
    "dualaccess.b.url=jdbc:h2:mem:lb_b;DB_CLOSE_DELAY=-1",
    "spring.flyway.enabled=false",
    "spring.liquibase.enabled=true",
    "spring.liquibase.change-log=classpath:db/changelog/gadgets.yaml",
    "dualaccess.log.file=target/liquibase-comparisons.jsonl",
    "dualaccess.journal.file=target/liquibase-journal.jsonl",
    "spring.main.web-application-type=none"})
class LiquibaseThroughStarterTest {

    @Autowired
    DataSourceWrapper wrapper;

    private static List<String> on(String side, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:lb_" + side + ";DB_CLOSE_DELAY=-1", "sa", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getObject(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void theChangelogReachesBothSidesWithItsHistory() throws Exception {
        for (String side : List.of("a", "b")) {
            assertThat(on(side, "select id, name from gadgets")).as(side).containsExactly("1|sprocket");
            assertThat(on(side, "select id, author from databasechangelog order by orderexecuted")).as(side)
                .containsExactly("1|shop", "2|shop");
            assertThat(on(side, "select count(*) from information_schema.indexes where index_name = 'GADGETS_NAME'")).as(side)
                .doesNotContain("0");
        }
        assertThat(on("b", "select locked from databasechangeloglock")).containsExactly("false");
        Path log = Path.of("target/liquibase-comparisons.jsonl");
        // Whatever Liquibase read of its own tables was not compared; nothing it did was a mismatch.
        EventLog events = wrapper.handles().get(0).runtime().eventLog();
        await().atMost(Duration.ofSeconds(20)).until(() -> events.depth() == 0 && events.written() > 0);
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("\"outcome\":\"mismatch\""));
        assertThat(lines).filteredOn(l -> l.contains("\"kind\":\"read\"") && l.contains("databasechangelog"))
            .allSatisfy(l -> assertThat(l).contains("\"reason\":\"schema_tool\""));
    }
}
