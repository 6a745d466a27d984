package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.Phase;
import io.dualaccess.threads.DaemonThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin server over real HTTP, on a runtime comparing two H2 databases that differ. */
class AdminServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-admin-token";

    @TempDir
    Path dir;

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void theServerStartsOnlyDaemonThreadsSoTheApplicationCanExit() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            assertThat(f.get("/status").statusCode()).isEqualTo(200);
            assertThat(f.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> !before.contains(t) && t.isAlive())
                .as("threads started by a runtime with its admin server")
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
        }
    }

    @Test
    void changingEndpointsAreDisabledWithoutAToken() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            HttpResponse<String> r = f.post("/phase", "{\"phase\":\"shadow\"}", "anything");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(json(r).get("error").asText()).isEqualTo("disabled: set dualaccess.admin.token");
            // Reading stays open: it exposes no values beyond what the comparison log holds.
            assertThat(f.get("/status").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWrongOrMissingTokenIs401AndTheRightOneIsAccepted() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.admin.token", TOKEN))) {
            assertThat(f.post("/phase", "{\"phase\":\"shadow-read\"}", null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = f.post("/phase", "{\"phase\":\"shadow-read\"}", TOKEN + "x");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(f.post("/phase", "{\"phase\":\"shadow-read\"}", TOKEN).statusCode()).isEqualTo(200);
            assertThat(f.get("/status").body()).doesNotContain(TOKEN);
        }
    }

    @Test
    void phaseCanBeChangedPerTableAndTheStatusShowsIt() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.admin.token", TOKEN))) {
            HttpResponse<String> r = f.post("/phase", "{\"table\":\"orders\",\"phase\":\"shadow\"}", TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode orders = json(f.get("/status")).at("/tables/orders");
            assertThat(orders.get("phase").asText()).isEqualTo("shadow");
            assertThat(orders.get("reads").asText()).isEqualTo("a-shadow-b");
            assertThat(orders.get("writes").asText()).isEqualTo("a-mirror-b");
            assertThat(json(f.get("/status")).get("phase").asText()).isEqualTo("shadow-read");

            // In force: a write to orders now reaches B, a write to customers does not.
            try (java.sql.Connection c = f.ds.getConnection(); java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("update orders set status = 'refunded' where id = 1");
                st.executeUpdate("update customers set name = 'cy' where id = 1");
            }
            try (java.sql.Connection b = java.sql.DriverManager.getConnection(f.bUrl);
                 java.sql.Statement st = b.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("select (select status from orders where id = 1),"
                     + " (select name from customers where id = 1)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("refunded");
                assertThat(rs.getString(2)).isEqualTo("bob");
            }

            HttpResponse<String> refused = f.post("/phase", "{\"table\":\"orders\",\"phase\":\"live\"}", TOKEN);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json(refused).get("error").asText()).contains("orders");
            HttpResponse<String> unknown = f.post("/phase", "{\"phase\":\"shaddow\"}", TOKEN);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(json(unknown).get("error").asText()).contains("'shaddow'").contains("shadow-read");

            assertThat(f.post("/phase", "{\"table\":\"orders\",\"clear\":true}", TOKEN).statusCode()).isEqualTo(200);
            assertThat(json(f.get("/status")).get("tables").size()).isZero();
            HttpResponse<String> global = f.post("/phase", "{\"phase\":\"shadow\"}", TOKEN);
            assertThat(global.statusCode()).as(global.body()).isEqualTo(200);
            assertThat(json(f.get("/status")).get("phase").asText()).isEqualTo("shadow");
        }
    }

    @Test
    void aChangeASyncsLagHoldsBackIsRefusedWithConflictAndChangesNothing() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.OFF, Map.of("dualaccess.admin.token", TOKEN,
                "dualaccess.sync.phase-change-lag", "1s", "dualaccess.sync.phase-change-wait", "100ms"))) {
            io.dualaccess.route.LagSource behind = new io.dualaccess.route.LagSource() {
                @Override
                public String name() {
                    return "orders-sync";
                }

                @Override
                public long lagMillis() {
                    return 7_000;
                }

                @Override
                public String position() {
                    return "{\"lsn\":7}";
                }

                @Override
                public Map<String, Object> status() {
                    return Map.of("state", "running");
                }
            };
            f.runtime().phaseControl().addLagSource(behind);
            HttpResponse<String> refused = f.post("/phase", "{\"phase\":\"shadow-read\"}", TOKEN);
            // "not now": the caller should retry once the sync caught up, not treat B as unreachable
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json(refused).get("error").asText()).contains("orders-sync").contains("7000 ms")
                .contains("dualaccess.sync.phase-change-lag");
            assertThat(json(f.get("/status")).get("phase").asText()).isEqualTo("off");

            f.runtime().phaseControl().removeLagSource(behind);
            assertThat(f.post("/phase", "{\"phase\":\"shadow-read\"}", TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metricsArePrometheusTextWithTheComparisonCounters() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            assertThat(f.read("orders", 1, null)).isEqualTo("paid");
            Fixture.await("a comparison", () -> f.runtime().events().written() >= 1);
            HttpResponse<String> r = f.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(r.body()).contains("# TYPE dualaccess_comparisons_total counter")
                .containsPattern("dualaccess_comparisons_total\\{kind=\"read\",outcome=\"match\",runtime=\"dualaccess-\\d+\"} 1\\.0");
        }
    }

    @Test
    void everyMeterIsDescribedCountsAreCountersAndOpenMetricsIsServedWhenAsked() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW, Map.of())) {
            assertThat(f.read("orders", 1, null)).isEqualTo("paid");
            Fixture.await("a comparison", () -> f.runtime().events().written() >= 1);
            String text = f.get("/metrics").body();
            List<String> dualaccessTypes = text.lines().filter(l -> l.startsWith("# TYPE dualaccess_")).toList();
            assertThat(dualaccessTypes).isNotEmpty();
            for (String type : dualaccessTypes) {
                String name = type.split(" ")[2];
                assertThat(text).as("HELP of " + name).containsPattern("(?m)^# HELP " + name + " \\S");
            }
            // counts that only grow are counters, so rate() and increase() apply
            assertThat(text).contains("# TYPE dualaccess_journal_entries_total counter",
                "# TYPE dualaccess_events_dropped_total counter", "# TYPE dualaccess_shadow_dropped_total counter");

            HttpResponse<String> om = f.get("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertThat(om.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(om.body()).contains("# TYPE dualaccess_comparisons counter").endsWith("# EOF\n");
        }
    }

    @Test
    void statusShowsEachSyncsLagPositionCountsAndErrors() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW, Map.of())) {
            assertThat(json(f.get("/status")).get("sync")).isEmpty();
            FixedLag sync = new FixedLag(42, 2010, 1, "java.sql.SQLException: B went away");
            f.runtime().phaseControl().addLagSource(sync);
            JsonNode s = json(f.get("/status")).get("sync");
            assertThat(s).hasSize(1);
            assertThat(s.at("/0/name").asText()).isEqualTo("orders_sync");
            assertThat(s.at("/0/state").asText()).isEqualTo("running");
            assertThat(s.at("/0/lag_ms").asLong()).isEqualTo(42);
            assertThat(s.at("/0/lag_p50_ms").asDouble()).isEqualTo(12.0);
            assertThat(s.at("/0/lag_p99_ms").isNull()).as("NaN (no percentile yet) is null").isTrue();
            assertThat(s.at("/0/position").asText()).isEqualTo("{\"lsn\":123456}");
            assertThat(s.at("/0/events").asLong()).isEqualTo(2010);
            assertThat(s.at("/0/transactions").asLong()).isEqualTo(1005);
            assertThat(s.at("/0/errors").asLong()).isEqualTo(1);
            assertThat(s.at("/0/last_error").asText()).contains("B went away");
            assertThat(s.at("/0/phase_change_lag_ms").asLong()).isEqualTo(1000);
            sync.lag = 5000;
            assertThat(json(f.get("/status")).at("/sync/0/lag_ms").asLong()).isEqualTo(5000);
            f.runtime().phaseControl().removeLagSource(sync);
            assertThat(json(f.get("/status")).get("sync")).isEmpty();
        }
    }

    @Test
    void statusNamesPhaseQueueBreakerCountsJournalAndDrops() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW, Map.of())) {
            assertThat(f.read("orders", 1, null)).isEqualTo("paid");
            assertThat(f.read("orders", 2, null)).isEqualTo("new");
            Fixture.await("two comparisons", () -> f.runtime().events().written() >= 2);
            JsonNode s = json(f.get("/status"));
            assertThat(s.get("runtime").asText()).isEqualTo(f.runtime().name());
            assertThat(s.get("phase").asText()).isEqualTo("shadow");
            assertThat(s.get("reads").asText()).isEqualTo("a-shadow-b");
            assertThat(s.get("writes").asText()).isEqualTo("a-mirror-b");
            assertThat(s.get("tables").isObject()).isTrue();
            assertThat(s.at("/shadow/active").asBoolean()).isTrue();
            assertThat(s.at("/shadow/queue_depth").isInt()).isTrue();
            assertThat(s.at("/breaker/state").asText()).isEqualTo("closed");
            assertThat(s.at("/comparisons/match").asLong()).isEqualTo(1);
            assertThat(s.at("/comparisons/mismatch").asLong()).isEqualTo(1);
            assertThat(s.at("/journal/entries").asLong()).isZero();
            assertThat(s.at("/dropped/events").asLong()).isZero();
            assertThat(s.at("/dropped/shadow_reads").asLong()).isZero();
            JsonNode top = s.get("top_mismatches");
            assertThat(top).hasSize(1);
            assertThat(top.get(0).get("fingerprint").asText()).contains("orders");
            assertThat(top.get(0).at("/latest/diff/column").asText()).isEqualToIgnoringCase("status");
        }
    }

    @Test
    void mismatchesAreFilteredByTableFingerprintPathAndLimit() throws Exception {
        // One shadow worker: replays finish in the order of the reads, so "newest first" is known.
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.shadow.threads", "1"))) {
            f.read("orders", 2, "/orders/2");
            f.read("orders", 2, "/orders/2");
            f.read("customers", 1, "/customers/1");
            f.read("orders", 1, "/orders/1");
            Fixture.await("four comparisons", () -> f.runtime().events().written() >= 4);

            JsonNode all = json(f.get("/mismatches"));
            assertThat(all).hasSize(3);
            assertThat(all.get(0).at("/request/path").asText()).isEqualTo("/customers/1");

            JsonNode orders = json(f.get("/mismatches?table=ORDERS"));
            assertThat(orders).hasSize(2);
            orders.forEach(e -> assertThat(e.at("/tables/0").asText()).isEqualTo("orders"));

            String fingerprint = json(f.get("/mismatches?table=customers")).get(0).get("fingerprint").asText();
            JsonNode byFingerprint = json(f.get("/mismatches?fingerprint=" + java.net.URLEncoder.encode(fingerprint,
                java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(byFingerprint).hasSize(1);
            assertThat(byFingerprint.get(0).at("/request/path").asText()).isEqualTo("/customers/1");

            assertThat(json(f.get("/mismatches?path=/orders/"))).hasSize(2);
            assertThat(json(f.get("/mismatches?path=/nowhere"))).isEmpty();
            assertThat(json(f.get("/mismatches?limit=1"))).hasSize(1);
            assertThat(json(f.get("/mismatches?outcome=timeout"))).isEmpty();
            assertThat(f.get("/mismatches?limit=0").statusCode()).isEqualTo(400);
            assertThat(f.get("/mismatches?outcome=match").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void seriesKeepsSampledHistoryForTheCharts() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            f.read("orders", 2, null);
            Fixture.await("a sample with the mismatch", () -> {
                try {
                    JsonNode s = json(f.get("/api/series"));
                    for (JsonNode m : s.get("mismatched")) {
                        if (m.asLong() > 0) {
                            return true;
                        }
                    }
                    return false;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode s = json(f.get("/api/series"));
            int n = s.get("t").size();
            for (String column : new String[] {"compared", "mismatched", "mismatch_rate", "failed", "a_ms", "b_ms", "dropped"}) {
                assertThat(s.get(column).size()).as(column).isEqualTo(n);
            }
            assertThat(s.get("interval_ms").asLong()).isEqualTo(200);
        }
    }

    @Test
    void theDashboardAndItsChartLibraryAreServedFromTheJar() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            HttpResponse<String> page = f.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"uplot/uPlot.iife.min.js\">");
            HttpResponse<String> lib = f.get("/uplot/uPlot.iife.min.js");
            assertThat(lib.statusCode()).isEqualTo(200);
            assertThat(lib.body()).contains("uPlot");
            assertThat(f.get("/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
            assertThat(f.get("/dashboard.js").statusCode()).isEqualTo(200);
            assertThat(f.get("/../pom.xml").statusCode()).isIn(400, 404);
            assertThat(f.get("/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void comparisonsStartedByAPhaseChangeReachTheViews() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.OFF, Map.of("dualaccess.admin.token", TOKEN))) {
            assertThat(f.runtime().events()).as("nothing compared in off").isNull();
            assertThat(f.post("/phase", "{\"phase\":\"shadow-read\"}", TOKEN).statusCode()).isEqualTo(200);
            assertThat(f.read("orders", 2, "/orders/2")).isEqualTo("new");
            Fixture.await("the mismatch in /status", () -> {
                try {
                    return json(f.get("/status")).at("/comparisons/mismatch").asLong() == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(json(f.get("/mismatches?path=/orders/2"))).hasSize(1);
            assertThat(json(f.get("/status")).at("/comparisons/applied").asLong()).as("the phase event").isEqualTo(1);
        }
    }

    @Test
    void aPortInUseFailsTheFirstConnectionNamingTheKeys() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.admin.port", port))))
                .isInstanceOf(io.dualaccess.InvalidConfigurationException.class)
                .hasMessageContaining("dualaccess.admin.port")
                .hasMessageContaining("dualaccess.admin.host")
                .hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void theServerStopsWithItsRuntime() throws Exception {
        Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of());
        int port = f.admin().port();
        assertThat(port).isPositive();
        f.close();
        try (java.net.Socket s = new java.net.Socket()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000))).isInstanceOf(java.io.IOException.class);
        }
    }
}
