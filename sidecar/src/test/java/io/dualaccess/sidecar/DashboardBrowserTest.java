package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium: after traffic with a real mismatch, the charts draw their
 * series and the mismatching fingerprint is listed with its diff. Skipped (with the reason) when
 * {@code TEST_CHROMIUM}/{@code TEST_CHROMEDRIVER} are not set; fails instead under {@code CI=true}.
 */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Chromium chromium;
    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        chromium = Chromium.start(dir);
        browser = chromium.browser;
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void chartsDrawTheTrafficAndTheMismatchingFingerprintIsListed() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.log.values", "full"))) {
            // Traffic over a few sample intervals: matches, and a real mismatch (B has order 2 as 'lost').
            for (int i = 0; i < 6; i++) {
                assertThat(f.read("orders", 1, "/orders/1")).isEqualTo("paid");
                assertThat(f.read("orders", 2, "/orders/2")).isEqualTo("new");
                Thread.sleep(150);
            }
            Fixture.await("the comparisons", () -> f.comparisons() >= 12);
            // Then live: B answers, A is the shadow; the diff must still show A's value under A.
            f.runtime().phaseControl().setGlobal(Phase.LIVE, "test");
            for (int i = 0; i < 4; i++) {
                assertThat(f.read("orders", 2, "/orders/2")).isEqualTo("lost");
                assertThat(f.read("orders", 1, "/orders/1")).isEqualTo("paid");
                Thread.sleep(150);
            }
            Fixture.await("the comparisons in live", () -> f.comparisons() >= 21);
            JsonNode status = JSON.readTree(f.get("/status").body());
            String fingerprint = status.at("/top_mismatches/0/fingerprint").asText();
            assertThat(fingerprint).contains("orders");
            assertThat(status.at("/top_mismatches/0/latest/phase").asText()).isEqualTo("live");
            assertThat(status.at("/top_mismatches/0/latest/diff/value_a").asText()).isEqualTo("new");
            assertThat(status.at("/top_mismatches/0/latest/diff/value_b").asText()).isEqualTo("lost");
            JsonNode recent = JSON.readTree(f.get("/mismatches?limit=1&outcome=mismatch").body());
            assertThat(recent.at("/0/phase").asText()).isEqualTo("live");
            assertThat(recent.at("/0/diff/value_a").asText()).isEqualTo("new");
            assertThat(recent.at("/0/diff/value_b").asText()).isEqualTo("lost");

            browser.get(f.uri("/?refresh=500").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            JavascriptExecutor js = browser;
            wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "var d = window.dualaccessDashboard;"
                    + "return !!d && d.refreshes > 0 && d.comparisons.data[0].length > 0"
                    + " && d.comparisons.data[2].some(function (v) { return v > 0; })"
                    + " && d.latency.data[1].some(function (v) { return v !== null; });")));

            // Drawn, not just loaded: the series' own colours are on the canvases, and the phase marker.
            assertThat(chromium.strokePixels("chart-comparisons", 37, 99, 235)).as("'compared' line pixels").isGreaterThan(20);
            assertThat(chromium.strokePixels("chart-comparisons", 220, 38, 38)).as("'mismatched' line pixels").isGreaterThan(20);
            assertThat(chromium.strokePixels("chart-latency", 5, 150, 105)).as("latency A line pixels").isGreaterThan(20);
            assertThat(chromium.strokePixels("chart-comparisons", 107, 33, 168)).as("phase marker pixels (line and label)").isGreaterThan(60);
            assertThat(chromium.strokePixels("chart-latency", 107, 33, 168)).as("phase marker pixels (line and label)").isGreaterThan(60);

            // Read in one script: the page re-renders the table as it polls.
            wait.until(d -> js.executeScript("return document.querySelector('#top tbody tr table.diff-table') !== null;"));
            @SuppressWarnings("unchecked")
            List<String> row = (List<String>) js.executeScript(
                "var tr = document.querySelector('#top tbody tr');"
                    + "var cells = tr.querySelectorAll('table.diff-table tbody td');"
                    + "return [tr.querySelector('td.fp div').textContent, tr.querySelector('.diff-head').textContent,"
                    + " cells[0].textContent, cells[1].textContent, cells[2].textContent,"
                    + " tr.querySelector('td.seen').textContent, String(tr.querySelectorAll('svg.spark rect').length),"
                    + " tr.querySelector('td.count').textContent];");
            assertThat(row.get(0)).isEqualTo(fingerprint);
            assertThat(row.get(1)).contains("value", "row 1 of A", "key ID=2");
            assertThat(row.subList(2, 5)).containsExactly("STATUS", "'new'", "'lost'");
            assertThat(row.get(5)).endsWith("ago");
            assertThat(Integer.parseInt(row.get(6))).as("sparkline bars").isGreaterThan(0);
            assertThat(row.get(7)).isEqualTo("10");
            assertThat(js.executeScript("return document.getElementById('phase').textContent;")).isEqualTo("live");
            assertThat(js.executeScript("return document.getElementById('mismatches').textContent;")).isEqualTo("10");
            assertThat(js.executeScript("return document.getElementById('problems').textContent;")).isEqualTo("10");
            @SuppressWarnings("unchecked")
            List<String> paths = (List<String>) js.executeScript(
                "return Array.from(document.querySelectorAll('#paths tbody tr td.fp')).map(function (td) { return td.textContent; });");
            assertThat(paths).containsExactly("/orders/{id}");

            Path shot = Path.of("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void theSyncPanelShowsLagPositionEventsAndErrorsAndHidesWithoutASync() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            browser.get(f.uri("/?refresh=300").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            JavascriptExecutor js = browser;
            wait.until(d -> Boolean.TRUE.equals(js.executeScript("var d = window.dualaccessDashboard; return !!d && d.refreshes > 0;")));
            assertThat(js.executeScript("return document.getElementById('sync').hidden;")).as("no sync: no panel").isEqualTo(true);

            FixedLag sync = new FixedLag(37, 2010, 0, null);
            f.runtime().phaseControl().addLagSource(sync);
            wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "return !document.getElementById('sync').hidden && document.querySelector('#sync-table tbody tr.sync-row') !== null;")));
            @SuppressWarnings("unchecked")
            List<String> row = (List<String>) js.executeScript(
                "var tr = document.querySelector('#sync-table tbody tr.sync-row');"
                    + "return Array.from(tr.querySelectorAll('td')).map(function (td) { return td.textContent; })"
                    + ".concat([tr.querySelector('td.lag').className, tr.querySelector('td.lag').title]);");
            assertThat(row.subList(0, 9)).containsExactly("orders_sync", "running", "37", "12 / –", "{\"lsn\":123456}",
                "1000", "2010", "1005", "0");
            assertThat(row.get(9)).doesNotContain("bad");
            assertThat(row.get(10)).contains("below 1000 ms");
            assertPanelIsLaidOut(js);

            // behind the bound and failing: lag and errors are marked, the error is on the cell's title
            sync.lag = 4200;
            sync.errors = 2;
            sync.lastError = "java.sql.SQLException: B went away";
            wait.until(d -> "4200".equals(js.executeScript("return document.querySelector('#sync-table td.lag').textContent;")));
            wait.until(d -> "2".equals(js.executeScript("return document.querySelector('#sync-table td.errors').textContent;")));
            assertThat((String) js.executeScript("return document.querySelector('#sync-table td.lag').className;")).contains("bad");
            assertThat((String) js.executeScript("return document.querySelector('#sync-table td.errors').className;")).contains("bad");
            assertThat((String) js.executeScript("return document.querySelector('#sync-table td.errors').title;")).contains("B went away");

            Path shot = Path.of("target", "dashboard-sync.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    private static void assertPanelIsLaidOut(JavascriptExecutor js) {
        Number height = (Number) js.executeScript("return document.getElementById('sync-table').getBoundingClientRect().height;");
        assertThat(height.doubleValue()).as("the panel is laid out").isGreaterThan(0);
    }

    @Test
    void rowsOnOneSideAreListedWithTheirKeyAndPathsAreTemplated() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW, Map.of("dualaccess.log.values", "full"))) {
            try (java.sql.Connection b = java.sql.DriverManager.getConnection(f.bUrl);
                 java.sql.Statement st = b.createStatement()) {
                st.execute("insert into orders values (3, 'open')"); // on B only
            }
            for (int i = 0; i < 5; i++) {
                assertThat(f.read("orders", 1, "/orders/" + (100 + i))).isEqualTo("paid");
                assertThat(f.read("orders", 2, "/orders/" + (200 + i))).isEqualTo("new");
                assertThat(f.read("customers", 1, "/customers/" + (7 + i) + "/profile")).isEqualTo("ada");
                try (io.dualaccess.context.RequestContext.Scope ignored = io.dualaccess.context.RequestContext.open(
                        new io.dualaccess.context.RequestContext("r" + i, "GET", "/orders"));
                     java.sql.Connection c = f.ds.getConnection(); java.sql.Statement st = c.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("select id, status from orders")) {
                    while (rs.next()) {
                        rs.getString(2);
                    }
                }
                if (i == 2) {
                    f.runtime().phaseControl().setTable("customers", Phase.SHADOW_READ, "test");
                }
                Thread.sleep(200);
            }
            Fixture.await("the comparisons", () -> f.comparisons() >= 21);

            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1900));
            browser.get(f.uri("/?refresh=500").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            JavascriptExecutor js = browser;
            wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "return document.querySelectorAll('#top tbody tr.top-row').length === 3"
                    + " && document.querySelectorAll('#paths tbody tr').length === 3;")));
            @SuppressWarnings("unchecked")
            List<String> extra = (List<String>) js.executeScript(
                "var rows = Array.from(document.querySelectorAll('#top tbody tr.top-row'));"
                    + "var tr = rows.find(function (r) { return r.querySelector('td.fp div').textContent.indexOf('select id, status from orders') === 0; });"
                    + "var cells = tr.querySelectorAll('table.diff-table tbody td');"
                    + "return [tr.querySelector('.diff-head').textContent].concat(Array.from(cells).map(function (c) { return c.textContent; }));");
            // B changed order 2 and has order 3 that A lacks: the changed row is named by its column,
            // the extra row is listed with its key and values.
            assertThat(extra.get(0)).startsWith("row_count").contains("A 2 rows, B 3 rows", "row 2 of A / row 2 of B", "key ID=2");
            assertThat(extra.subList(1, 9)).containsExactly("STATUS", "'new'", "'lost'", "–",
                "only in B (row 3)", "–", "ID=3 · STATUS 'open'", "–");
            @SuppressWarnings("unchecked")
            List<String> paths = (List<String>) js.executeScript(
                "return Array.from(document.querySelectorAll('#paths tbody tr td.fp')).map(function (td) { return td.textContent; });");
            assertThat(paths).containsExactlyInAnyOrder("/orders/{id}", "/customers/{id}/profile", "/orders");
            wait.until(d -> ((Number) js.executeScript(
                "var c = document.querySelector('#chart-comparisons canvas');"
                    + "var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; var n = 0;"
                    + "for (var i = 0; i < px.length; i += 4) { if (px[i + 3] > 200 && Math.abs(px[i] - 107) < 30"
                    + " && Math.abs(px[i + 1] - 33) < 30 && Math.abs(px[i + 2] - 168) < 30) { n++; } } return n;")).longValue() > 20);
            Path shot = Path.of("target", "dashboard-planted.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void theSqlBRanIsShownUnderAMismatchingFingerprint() throws Exception {
        // B keeps the orders as sales_orders: every statement B runs is the application's, renamed.
        Path map = dir.resolve("map.properties");
        Files.writeString(map, "orders = sales_orders\n");
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of("dualaccess.log.values", "full",
                "dualaccess.map.file", map.toString()))) {
            try (java.sql.Connection b = java.sql.DriverManager.getConnection(f.bUrl);
                 java.sql.Statement st = b.createStatement()) {
                st.execute("create table sales_orders (id int primary key, status varchar(20))");
                st.execute("insert into sales_orders values (1, 'paid'), (2, 'gone')");
            }
            assertThat(f.read("orders", 2, "/orders/2")).isEqualTo("new");
            Fixture.await("the mismatch", () -> f.comparisons() >= 1);
            JsonNode status = JSON.readTree(f.get("/status").body());
            String bSql = status.at("/top_mismatches/0/latest/b/sql").asText();
            assertThat(bSql).contains("sales_orders");

            browser.get(f.uri("/?refresh=500").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            JavascriptExecutor js = browser;
            wait.until(d -> js.executeScript("return document.querySelector('#top tbody tr.top-row code.b-sql') !== null;"));
            @SuppressWarnings("unchecked")
            List<String> row = (List<String>) js.executeScript(
                "var tr = document.querySelector('#top tbody tr.top-row');"
                    + "return [tr.querySelector('td.fp div').textContent, tr.querySelector('.translated').textContent];");
            assertThat(row.get(0)).isEqualTo("select * from orders where id = ?");
            assertThat(row.get(1)).isEqualTo("B ran: " + bSql);
        }
    }
}
