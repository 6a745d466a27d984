package io.dualaccess.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.DualAccessDataSource;
import io.dualaccess.spring.shop.ShopApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import javax.sql.DataSource;
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
 * The shop with only the starter and application.yml (A and B in-memory H2), phase shadow: Flyway
 * migrates both sides, a write reaches B with A's key, a read is compared, and Actuator shows
 * dualaccess's health, meters, pools and endpoint. Runs on Boot 3.5 and, with -Pboot4, on 4.0.
 */
// The tests find a statement's event by its request id and trace: one line per statement (an
// aggregate of matches, dualaccess.log.aggregate's default, names no request).
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "dualaccess.log.aggregate=none")
class ShopShadowTest {

    private static final String B = "jdbc:h2:mem:shop_b;DB_CLOSE_DELAY=-1";
    private static final Path LOG = Path.of("target/shop-comparisons.jsonl");

    @Value("${local.server.port}")
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    DataSourceWrapper wrapper;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static List<String> onB(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(B, "sa", ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
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
    void theApplicationsPoolStaysHikariAndPoolsConnectionsThroughDualaccess() throws Exception {
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        HikariDataSource pool = (HikariDataSource) dataSource;
        assertThat(pool.getPoolName()).isEqualTo("shop");
        assertThat(pool.getDataSource()).isInstanceOf(DualAccessDataSource.class);
        assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(pool);
        assertThat(wrapper.handles()).singleElement().satisfies(h -> assertThat(h.beanName()).isEqualTo("dataSource"));
        assertThat(wrapper.handles().get(0).runtime().phaseControl().current().phaseName()).isEqualTo("shadow");
    }

    @Test
    void flywayMigratedBothSidesThroughDualaccess() throws Exception {
        assertThat(onB("select count(*) from items")).hasSize(1);
        assertThat(onB("select \"version\", \"success\" from \"flyway_schema_history\" where \"version\" = '1'")).containsExactly("1|true");
    }

    @Test
    void aWriteIsMirroredToBAndAReadIsCompared() throws Exception {
        Http.Answer added = http.post("/items?name=lamp&price=19.90", null, "X-Request-Id", "shadow-test-1");
        assertThat(added.status()).isEqualTo(200);
        long id = added.json().get("id").asLong();
        assertThat(onB("select id, name, price from items where id = " + id)).containsExactly(id + "|lamp|19.90");

        assertThat(http.get("/items", "X-Request-Id", "shadow-test-2").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> lines = Files.readAllLines(LOG);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"kind\":\"write\"", "\"outcome\":\"match\"", "shadow-test-1"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"kind\":\"read\"", "\"outcome\":\"match\"", "shadow-test-2"));
        });
        Http.Answer status = http.get("/actuator/dualaccess");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().at("/phase/phase").asText()).isEqualTo("shadow");
        assertThat(status.json().at("/comparisons/match").asLong()).isPositive();
        assertThat(status.json().at("/b/pool/name").asText()).endsWith("-b");
        // Shadow reads replay on B's read pool (H2: connections kept in a read-only transaction); shown beside B's pool.
        assertThat(status.json().at("/b/read_pool/name").asText()).endsWith("-b-read");
        assertThat(http.get("/actuator/health").json().at("/components/dualaccess/details/b/read_pool_total").isNumber())
            .isTrue();
    }

    /** The filter puts the request id in the MDC for the application's log lines; a traceparent names the request. */
    @Test
    void theRequestIdIsInTheMdcAndTraceparentNamesTheRequest() throws Exception {
        assertThat(http.get("/mdc", "X-Request-Id", "mdc-1").json().get("request_id").asText()).isEqualTo("mdc-1");
        Http.Answer traced = http.get("/mdc", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(traced.json().get("request_id").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(http.get("/items", "traceparent", "00-0af7651916cd43dd8448eb211c80319d-b7ad6b7169203331-01").status())
            .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.readAllLines(LOG)).anySatisfy(l ->
            assertThat(l).contains("\"kind\":\"read\"", "\"trace_id\":\"0af7651916cd43dd8448eb211c80319d\"",
                "\"span_id\":\"b7ad6b7169203331\"")));
    }

    @Test
    void healthShowsADualaccessComponentWithBUp() throws Exception {
        Http.Answer health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().at("/status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/dualaccess/status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/dualaccess/details/phase").asText()).isEqualTo("shadow");
        assertThat(health.json().at("/components/dualaccess/details/b/status").asText()).isEqualTo("up");
        assertThat(health.json().at("/components/db/status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsListDualaccessMetersAndBothPools() throws Exception {
        http.post("/items?name=desk&price=120", null);
        http.get("/items");
        String runtime = wrapper.handles().get(0).runtime().name();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Http.Answer names = http.get("/actuator/metrics");
            List<String> all = new ArrayList<>();
            names.json().get("names").forEach(n -> all.add(n.asText()));
            assertThat(all).contains("dualaccess.comparisons", "hikaricp.connections");
        });
        Http.Answer bPool = http.get("/actuator/metrics/hikaricp.connections.max?tag=pool:" + runtime + "-b");
        assertThat(bPool.status()).isEqualTo(200);
        assertThat(bPool.json().at("/measurements/0/value").asDouble()).isEqualTo(10.0);
        // A's shadow pool is made at its first use (phase live, a re-check): its meters come with it
        try (Connection c = wrapper.handles().get(0).aShadow().open()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(http.get("/actuator/metrics/hikaricp.connections.max?tag=pool:" + runtime + "-a-shadow").status()).isEqualTo(200);
        assertThat(http.get("/actuator/metrics/hikaricp.connections.max?tag=pool:" + runtime + "-b-read").status()).isEqualTo(200);
        Http.Answer appPool = http.get("/actuator/metrics/hikaricp.connections.max?tag=pool:shop");
        assertThat(appPool.status()).isEqualTo(200);
        Http.Answer reads = http.get("/actuator/metrics/dualaccess.comparisons?tag=kind:read&tag=runtime:" + runtime);
        assertThat(reads.status()).isEqualTo(200);
        assertThat(reads.json().at("/measurements/0/value").asDouble()).isPositive();
        // counted once: the application's registry is reached through the global one, not a second time
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            double meter = http.get("/actuator/metrics/dualaccess.comparisons?tag=runtime:" + runtime).json().at("/measurements/0/value").asDouble();
            long[] events = {0};
            http.get("/actuator/dualaccess").json().get("comparisons").forEach(n -> events[0] += n.asLong());
            assertThat(meter).isEqualTo((double) events[0]);
        });
    }

    @Test
    void phaseChangesNeedTheAdminTokenWithoutSpringSecurity() throws Exception {
        assertThat(http.post("/actuator/dualaccess", "{\"phase\":\"dual-write\"}").status()).isEqualTo(403);
        assertThat(http.post("/actuator/dualaccess", "{\"phase\":\"dual-write\"}", "Authorization", "Bearer wrong").status()).isEqualTo(403);
        Http.Answer bad = http.post("/actuator/dualaccess", "{\"phase\":\"shadoww\"}", "Authorization", "Bearer shop-admin-token");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(http.get("/actuator/dualaccess/phase").json().at("/phase").asText()).isEqualTo("shadow");
        Http.Answer ok = http.post("/actuator/dualaccess", "{\"phase\":\"dual-write\"}", "Authorization", "Bearer shop-admin-token");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().at("/phase").asText()).isEqualTo("dual-write");
        assertThat(http.get("/actuator/dualaccess/phase").json().at("/changed_by").asText()).isEqualTo("actuator:dualaccess-admin-token");
        Http.Answer back = http.post("/actuator/dualaccess", "{\"phase\":\"shadow\"}", "Authorization", "Bearer shop-admin-token");
        assertThat(back.json().at("/phase").asText()).isEqualTo("shadow");
        assertThat(http.get("/actuator/dualaccess/mismatches").status()).isEqualTo(200);
    }
}
