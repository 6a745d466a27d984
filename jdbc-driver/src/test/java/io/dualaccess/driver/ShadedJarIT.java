package io.dualaccess.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-contained jar works alone next to an application and its vendor driver: a separate JVM
 * whose classpath is exactly the {@code -all} jar and H2, including the admin server (Jetty,
 * Prometheus, the dashboard), and every bundled library relocated under {@code io.dualaccess.shaded}.
 */
class ShadedJarIT {

    @TempDir
    Path dir;

    @Test
    void shadedJarRunsAnApplicationWithOnlyTheVendorDriverBesideIt() throws Exception {
        String shaded = System.getProperty("da.test.shaded-jar");
        String h2 = System.getProperty("da.test.h2-jar");
        assertThat(shaded).as("da.test.shaded-jar is set by the failsafe configuration").isNotNull();
        assertThat(new File(shaded)).exists();
        Path app = dir.resolve("ShadedApp.java");
        try (InputStream in = getClass().getResourceAsStream("/shaded/ShadedApp.java")) {
            Files.copy(in, app);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", shaded + File.pathSeparator + h2, app.toString(), dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
        // The child must end by itself: a non-daemon thread (the admin server's, say) would keep it alive.
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(dir.resolve("out.txt"));
        assertThat(exited).as("the application exits when its main() returns\n" + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).contains(
            "connection io.dualaccess.jdbc.DualConnection",
            "inserted 2",
            "row one",
            "row two",
            "absent com.zaxxer.hikari.HikariDataSource",
            "absent org.slf4j.LoggerFactory",
            "relocated hikari",
            "mirrored 1",
            "b row three");
        assertThat(Files.readString(dir.resolve("comparisons.jsonl"))).contains("\"outcome\":\"match\"");
        assertThat(out).contains("error dualaccess: invalid configuration: dualaccess.phase = 'shadoww'");
        assertThat(lines).as("live reads B, which holds the one mirrored row").contains("live rows 1");
        assertThat(out).as("no logging binding warnings from the relocated slf4j").doesNotContain("SLF4J");
        assertAdminServerAnswered(lines);
    }

    /** The admin server ran from the jar alone: metrics, status, dashboard with its charts, a phase change. */
    private void assertAdminServerAnswered(List<String> lines) throws Exception {
        assertThat(lines).contains(
            "admin read three",
            "http GET /status 200 application/json",
            "http GET /metrics 200 text/plain; version=0.0.4; charset=utf-8",
            "http GET / 200 text/html; charset=utf-8",
            "http GET /uplot/uPlot.iife.min.js 200 text/javascript; charset=utf-8",
            "http POST /phase without token 401 application/json",
            "http POST /phase 200 application/json");
        assertThat(body("status")).contains("\"phase\":\"shadow-read\"", "\"match\":2", "\"mismatch\":1");
        assertThat(body("metrics").lines())
            .anyMatch(l -> l.startsWith("dualaccess_comparisons_total{") && l.contains("outcome=\"mismatch\"")
                && l.endsWith(" 1.0"))
            .anyMatch(l -> l.startsWith("dualaccess_side_duration_seconds_count{"));
        assertThat(body("dashboard")).contains("<script src=\"uplot/uPlot.iife.min.js\"></script>");
        assertThat(body("uplot")).contains("uPlot").hasSizeGreaterThan(10_000);
        assertThat(body("phase")).contains("\"phase\":\"shadow\"");
        assertThat(body("status-after")).contains("\"phase\":\"shadow\"", "\"writes\":\"a-mirror-b\"");
    }

    private String body(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".body"));
    }

    /**
     * With io.dualaccess at FINEST (so the bundled Jetty logs at debug too, headers and raw buffers
     * included), the admin token appears nowhere in what the process prints (issue 16).
     */
    @Test
    void theAdminTokenIsInNoLogLineAtAnyLevel() throws Exception {
        String shaded = System.getProperty("da.test.shaded-jar");
        String h2 = System.getProperty("da.test.h2-jar");
        Path app = dir.resolve("ShadedTokenApp.java");
        try (InputStream in = getClass().getResourceAsStream("/shaded/ShadedTokenApp.java")) {
            Files.copy(in, app);
        }
        Path logging = dir.resolve("logging.properties");
        Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n"
            + "java.util.logging.ConsoleHandler.level=ALL\n.level=INFO\nio.dualaccess.level=FINEST\n");
        String token = "tok" + Long.toHexString(System.nanoTime()) + "Zz";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.util.logging.config.file=" + logging, "-cp", shaded + File.pathSeparator + h2,
                app.toString(), dir.toString(), token)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("token-out.txt").toFile())
            .start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(dir.resolve("token-out.txt"));
        assertThat(exited).as(out).isTrue();
        assertThat(out.lines()).contains("token post 200", "token get 200", "wrong token post 401");
        assertThat(out).as("the bundled Jetty's debug output is on").contains("HttpParser").contains("Authorization: ****");
        System.out.println("FINEST output of the shaded admin server: " + out.lines().count() + " lines, token occurrences: "
            + (out.split(token, -1).length - 1));
        assertThat(out).doesNotContain(token).doesNotContain(token.substring(0, 12));
    }

    @Test
    void shadedJarRelocatesEveryBundledLibraryButNotTheServletApi() throws Exception {
        List<String> entries;
        try (ZipFile jar = new ZipFile(System.getProperty("da.test.shaded-jar"))) {
            entries = jar.stream().map(ZipEntry::getName).toList();
            // The filter must implement the application's own jakarta.servlet.Filter: unrelocated, not bundled.
            try (InputStream in = jar.getInputStream(jar.getEntry("io/dualaccess/sidecar/DualAccessFilter.class"))) {
                String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(bytes).contains("jakarta/servlet/Filter").doesNotContain("shaded/jakarta");
            }
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/services/io.dualaccess.runtime.RuntimeExtension"))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("io.dualaccess.sidecar.AdminExtension");
            }
        }
        List<String> classes = entries.stream().filter(e -> e.endsWith(".class")).toList();
        for (String library : List.of("org/eclipse/jetty/", "io/micrometer/", "com/fasterxml/", "io/prometheus/",
                "com/zaxxer/", "org/slf4j/", "net/sf/jsqlparser/", "io/github/resilience4j/", "org/HdrHistogram/", "com/github/benmanes/caffeine/")) {
            assertThat(classes).as("unrelocated " + library).noneMatch(e -> e.contains(library) && !e.startsWith("io/dualaccess/shaded/"));
            assertThat(classes).as("relocated " + library).anyMatch(e -> e.startsWith("io/dualaccess/shaded/" + library));
        }
        assertThat(classes).as("the servlet API is the container's").noneMatch(e -> e.contains("jakarta/servlet/"));
        assertThat(entries).contains(
            "io/dualaccess/sidecar/AdminServer.class",
            "io/dualaccess/sidecar/dashboard/index.html",
            "META-INF/services/io.dualaccess.shaded.org.eclipse.jetty.http.HttpFieldPreEncoder");
        assertThat(entries).noneMatch(e -> e.startsWith("META-INF/services/org.eclipse.jetty")
            || e.startsWith("META-INF/services/com.fasterxml") || e.startsWith("META-INF/services/io.micrometer"));
    }
}
