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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-contained jar works alone next to an application and its vendor driver: a separate JVM
 * whose classpath is exactly the {@code -all} jar and H2.
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
            .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
    }
}
