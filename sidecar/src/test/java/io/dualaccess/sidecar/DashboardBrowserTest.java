package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
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
    private ChromeDriverService service;
    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        String chromium = System.getenv("TEST_CHROMIUM");
        String chromedriver = System.getenv("TEST_CHROMEDRIVER");
        if (chromium == null || chromium.isBlank() || chromedriver == null || chromedriver.isBlank()) {
            String why = "TEST_CHROMIUM and TEST_CHROMEDRIVER are not set (scripts/test-servers.sh env sets them)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--window-size=1400,1100", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void chartsDrawTheTrafficAndTheMismatchingFingerprintIsListed() throws Exception {
        try (Fixture f = Fixture.start(dir, Phase.SHADOW_READ, Map.of())) {
            // Traffic over a few sample intervals: matches, and a real mismatch (B lost order 2).
            for (int i = 0; i < 6; i++) {
                assertThat(f.read("orders", 1, "/orders/1")).isEqualTo("paid");
                assertThat(f.read("orders", 2, "/orders/2")).isEqualTo("new");
                Thread.sleep(150);
            }
            Fixture.await("the comparisons", () -> f.runtime().events().written() >= 12);
            JsonNode status = JSON.readTree(f.get("/status").body());
            String fingerprint = status.at("/top_mismatches/0/fingerprint").asText();
            assertThat(fingerprint).contains("orders");

            browser.get(f.uri("/?refresh=500").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            JavascriptExecutor js = browser;
            wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "var d = window.dualaccessDashboard;"
                    + "return !!d && d.refreshes > 0 && d.comparisons.data[0].length > 0"
                    + " && d.comparisons.data[2].some(function (v) { return v > 0; })"
                    + " && d.latency.data[1].some(function (v) { return v !== null; });")));

            // Drawn, not just loaded: the series' own colours are on the canvases.
            assertThat(strokePixels(js, "chart-comparisons", 37, 99, 235)).as("'compared' line pixels").isGreaterThan(20);
            assertThat(strokePixels(js, "chart-comparisons", 220, 38, 38)).as("'mismatched' line pixels").isGreaterThan(20);
            assertThat(strokePixels(js, "chart-latency", 5, 150, 105)).as("latency A line pixels").isGreaterThan(20);

            // Read in one script: the page re-renders the table as it polls.
            wait.until(d -> js.executeScript("return document.querySelector('#top tbody tr td.fp') !== null;"));
            @SuppressWarnings("unchecked")
            List<String> row = (List<String>) js.executeScript(
                "var tr = document.querySelector('#top tbody tr');"
                    + "return [tr.querySelector('td.fp').textContent, tr.querySelector('pre').textContent];");
            assertThat(row.get(0)).isEqualTo(fingerprint);
            assertThat(row.get(1)).contains("\"column\"").containsIgnoringCase("status");
            assertThat(js.executeScript("return document.getElementById('phase').textContent;")).isEqualTo("shadow-read");
            assertThat(js.executeScript("return document.getElementById('mismatches').textContent;")).isEqualTo("6");

            Path shot = Path.of("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    /** Pixels of one colour (within a small tolerance) on a chart's canvas. */
    private static long strokePixels(JavascriptExecutor js, String chart, int r, int g, int b) {
        Object n = js.executeScript(
            "var c = document.querySelector('#' + arguments[0] + ' canvas');"
                + "var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; var n = 0;"
                + "for (var i = 0; i < px.length; i += 4) {"
                + "  if (px[i + 3] > 200 && Math.abs(px[i] - arguments[1]) < 30 && Math.abs(px[i + 1] - arguments[2]) < 30"
                + "      && Math.abs(px[i + 2] - arguments[3]) < 30) { n++; } }"
                + "return n;", chart, r, g, b);
        return ((Number) n).longValue();
    }
}
