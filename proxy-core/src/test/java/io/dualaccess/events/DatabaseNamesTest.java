package io.dualaccess.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each side's database by OpenTelemetry's names, from its JDBC URL. */
class DatabaseNamesTest {

    @Test
    void namesTheEngineAndTheDatabase() {
        assertThat(DatabaseNames.of("jdbc:postgresql://db:5432/shop?ssl=true")).isEqualTo(new DatabaseNames("postgresql", "shop"));
        assertThat(DatabaseNames.of("jdbc:mariadb://db/shop")).isEqualTo(new DatabaseNames("mariadb", "shop"));
        assertThat(DatabaseNames.of("jdbc:mysql://db:3306/")).isEqualTo(new DatabaseNames("mysql", null));
        assertThat(DatabaseNames.of("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1")).isEqualTo(new DatabaseNames("h2database", "orders"));
        assertThat(DatabaseNames.of("jdbc:otel:postgresql://db/shop")).isEqualTo(new DatabaseNames("postgresql", "shop"));
        assertThat(DatabaseNames.of("jdbc:oracle:thin:@db:1521/x").system()).isEqualTo("other_sql");
        assertThat(DatabaseNames.of(null)).isEqualTo(DatabaseNames.UNKNOWN);
    }

    @Test
    void theOperationIsTheFirstKeyword() {
        assertThat(EventLog.operationName("  /* app */ select 1")).isEqualTo("SELECT");
        assertThat(EventLog.operationName("-- x\n(select 1) union (select 2)")).isEqualTo("SELECT");
        assertThat(EventLog.operationName("insert into t values (1)")).isEqualTo("INSERT");
        assertThat(EventLog.operationName("?")).isNull();
    }
}
