package io.dualaccess.sidecar;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Headless Chromium for the dashboard's browser tests, driven through its chromedriver
 * ({@code TEST_CHROMIUM}, {@code TEST_CHROMEDRIVER}). Without them the test is skipped with the
 * reason; under {@code CI=true} it fails instead.
 */
final class Chromium implements AutoCloseable {

    final ChromeDriver browser;
    private final ChromeDriverService service;

    private Chromium(ChromeDriverService service, ChromeDriver browser) {
        this.service = service;
        this.browser = browser;
    }

    /** Starts the browser with its profile under {@code dir}, or aborts the test when none is configured. */
    static Chromium start(Path dir) throws Exception {
        String chromium = System.getenv("TEST_CHROMIUM");
        String chromedriver = System.getenv("TEST_CHROMEDRIVER");
        if (chromium == null || chromium.isBlank() || chromedriver == null || chromedriver.isBlank()) {
            String why = "TEST_CHROMIUM and TEST_CHROMEDRIVER are not set (scripts/test-servers.sh env sets them)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--window-size=1400,1100", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        try {
            return new Chromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    JavascriptExecutor js() {
        return browser;
    }

    /**
     * Pixels of one colour (within a small tolerance) on a chart's canvas. The alpha floor is half
     * opacity: a 1.5-pixel line on a whole-pixel position (the phase marker) covers its two pixel
     * columns at three quarters, alpha 191, so a stricter floor counted only the marker's label.
     */
    long strokePixels(String chart, int r, int g, int b) {
        Object n = browser.executeScript(
            "var c = document.querySelector('#' + arguments[0] + ' canvas');"
                + "var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; var n = 0;"
                + "for (var i = 0; i < px.length; i += 4) {"
                + "  if (px[i + 3] >= 128 && Math.abs(px[i] - arguments[1]) < 30 && Math.abs(px[i + 1] - arguments[2]) < 30"
                + "      && Math.abs(px[i + 2] - arguments[3]) < 30) { n++; } }"
                + "return n;", chart, r, g, b);
        return ((Number) n).longValue();
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            service.stop();
        }
    }
}
