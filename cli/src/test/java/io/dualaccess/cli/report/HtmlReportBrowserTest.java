package io.dualaccess.cli.report;

import io.dualaccess.cli.DualAccessCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML report in headless Chromium: the charts draw with the log's data, no script fails,
 * and log data that looks like markup stays text. Needs {@code TEST_CHROMIUM} and
 * {@code TEST_CHROMEDRIVER} (scripts/test-servers.sh exports them); skipped without, failed
 * without under {@code CI=true}.
 */
class HtmlReportBrowserTest {

    @TempDir
    static Path dir;
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        String chromium = System.getenv("TEST_CHROMIUM");
        String driver = System.getenv("TEST_CHROMEDRIVER");
        boolean ci = "true".equals(System.getenv("CI"));
        if (ci) {
            assertThat(chromium).as("TEST_CHROMIUM under CI=true").isNotBlank();
            assertThat(driver).as("TEST_CHROMEDRIVER under CI=true").isNotBlank();
        }
        assumeTrue(chromium != null && !chromium.isBlank() && driver != null && !driver.isBlank(),
            "TEST_CHROMIUM / TEST_CHROMEDRIVER not set (scripts/test-servers.sh env exports them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--window-size=1300,1000",
            "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driver))
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private Path report(Path log, String... extra) {
        Path html = dir.resolve(log.getFileName() + ".html");
        String[] args = new String[extra.length + 5];
        args[0] = "report";
        args[1] = "--format=html";
        args[2] = "-o";
        args[3] = html.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        args[args.length - 1] = log.toString();
        StringWriter err = new StringWriter();
        assertThat(DualAccessCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args))
            .as(err.toString()).isZero();
        return html;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void open(Path html) {
        browser.get(html.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20))
            .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.__reportReady === true")));
    }

    /** Pixels of the canvas under {@code selector} drawn in the given colour (a series' stroke). */
    private long pixelsOfColour(String selector, int r, int g, int b) {
        Object n = js("const c = document.querySelector('" + selector + " canvas');"
            + "if (!c || c.width === 0 || c.height === 0) return -1;"
            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
            + "for (let i = 0; i < d.length; i += 4) {"
            + "  if (Math.abs(d[i] - " + r + ") < 12 && Math.abs(d[i + 1] - " + g + ") < 12 && Math.abs(d[i + 2] - " + b
            + ") < 12 && d[i + 3] > 200) n++; }"
            + "return n;");
        return ((Number) n).longValue();
    }

    private List<String> severeBrowserLog() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .toList();
    }

    @Test
    void chartsAreDrawnWithTheLogsDataAndNoScriptFails() throws IOException {
        Path log = dir.resolve("known.jsonl");
        KnownLog.write(log);
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
            SummaryTest.writePhaseChange(w, TestLog.BASE.plusSeconds(500).toEpochMilli(), null, "shadow", "live");
        }
        Path html = report(log);

        open(html);

        assertThat(js("return window.__reportErrors")).isEqualTo(List.of());
        assertThat(severeBrowserLog()).isEmpty();
        // two uPlot charts, each with the 100 ten-second buckets of the log
        assertThat(js("return window.__reportCharts.length")).isEqualTo(2L);
        assertThat(js("return window.__reportCharts[0].data[0].length")).isEqualTo(100L);
        // problems are drawn first as a wide band, the mismatch rate over it: both stay visible where they coincide
        assertThat(js("return window.__reportCharts[0].series.map(s => s.label).slice(1)"))
            .isEqualTo(List.of("problems %", "mismatch rate %"));
        assertThat(js("return window.__reportCharts[0].data[2][0]")).isEqualTo(12.5);
        assertThat(pixelsOfColour("#chart-mismatch", 0xff, 0xbf, 0x8a)).as("problems band").isGreaterThan(200);
        assertThat(js("return window.__reportCharts[1].series.map(s => s.label).slice(1)"))
            .isEqualTo(List.of("A p50", "A p99", "B p50", "B p99"));
        // the series are painted: the mismatch line's red, A's blue and B's green are on the canvases
        assertThat(pixelsOfColour("#chart-mismatch", 0xd6, 0x27, 0x28)).isGreaterThan(200);
        assertThat(pixelsOfColour("#chart-latency", 0x1f, 0x77, 0xb4)).isGreaterThan(200);
        assertThat(pixelsOfColour("#chart-latency", 0x2c, 0xa0, 0x2c)).isGreaterThan(200);
        // the tables are there without script
        assertThat(browser.findElement(By.id("phase-changes")).getText()).contains("global: shadow -> live");
        WebElement orders = browser.findElement(By.cssSelector("#by-table tbody tr:first-child"));
        assertThat(orders.getText()).contains("orders").contains("500").contains("25.000%");
        saveScreenshot("report-known.png");
    }

    @Test
    void markupInTheLogIsShownAsText() throws IOException {
        Path log = dir.resolve("evil.jsonl");
        String sql = "select '</script><script>window.__pwned=1</script>' from items";
        String fingerprint = "select '<img src=x onerror=\"window.__pwned=2\">' from items";
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            TestLog.event().at(0).write(w);
            TestLog.event().at(1).kind("read").outcome("mismatch").fingerprint(fingerprint).sql(sql)
                .tables("<b>items</b>").bError("<script>window.__pwned=3</script>")
                .diff(Map.of("value_a", "</script><script>window.__pwned=4</script>", "value_b", "\u2028\u2029"))
                .write(w);
        }
        Path html = report(log);

        open(html);

        assertThat(js("return window.__reportErrors")).isEqualTo(List.of());
        assertThat(js("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(js("return document.querySelectorAll('img').length")).isEqualTo(0L);
        // exactly the page's own scripts ran: guard, data, uPlot, charts
        assertThat(js("return document.scripts.length")).isEqualTo(4L);
        WebElement row = browser.findElement(By.cssSelector("#by-fingerprint tbody tr:first-child"));
        assertThat(row.findElement(By.tagName("code")).getText()).isEqualTo(fingerprint);
        row.findElement(By.tagName("summary")).click();
        assertThat(row.findElement(By.cssSelector("pre.sql")).getText()).isEqualTo(sql);
        assertThat(row.getText()).contains("<script>window.__pwned=3</script>")
            .contains("</script><script>window.__pwned=4</script>");
        assertThat(browser.findElement(By.cssSelector("#by-table tbody")).getText()).contains("<b>items</b>");
        // the embedded data survived the escaping intact
        assertThat(js("return JSON.parse(document.getElementById('report-data').textContent).fingerprints[0].sql"))
            .isEqualTo(sql);
    }

    @Test
    void aReportWithNoEventsOpensWithoutErrors() throws IOException {
        Path log = dir.resolve("quiet.jsonl");
        KnownLog.write(log, 0, 10);
        Path html = report(log, "--since", "2030-01-01");

        open(html);

        assertThat(js("return window.__reportErrors")).isEqualTo(List.of());
        assertThat(browser.findElement(By.id("chart-mismatch")).getText()).isEqualTo("No events counted.");
    }

    private void saveScreenshot(String name) throws IOException {
        Path target = Paths.get("target", "screenshots");
        Files.createDirectories(target);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
