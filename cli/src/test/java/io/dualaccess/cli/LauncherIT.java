package io.dualaccess.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/dualaccess} runs the packaged {@code -all} jar as a user would: the jar is executable,
 * self-contained (picocli, jackson, HdrHistogram, uPlot's files) and knows its version.
 */
class LauncherIT {

    @TempDir
    Path dir;

    private record Result(int exit, String out) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("da.test.launcher")).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")));
    }

    @Test
    void plainJarNamesItsMainClassModuleAndVersion() throws IOException {
        // jbang io.dualaccess:cli:VERSION runs the plain jar's Main-Class with the pom's dependencies
        try (JarFile jar = new JarFile(System.getProperty("da.test.plain-jar"))) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo(DualAccessCli.class.getName());
            assertThat(main.getValue("Automatic-Module-Name")).isEqualTo("io.dualaccess.cli");
            assertThat(main.getValue("Implementation-Version")).isEqualTo(System.getProperty("da.test.version"));
        }
    }

    @Test
    void versionAndHelp() throws Exception {
        Result version = run("--version");
        assertThat(version.exit()).as(version.out()).isZero();
        assertThat(version.out()).startsWith("dualaccess " + System.getProperty("da.test.version"));

        Result help = run("help", "report");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: dualaccess report").contains("--format");
    }

    @Test
    void reportWritesAnHtmlFileWithUPlotInlined() throws Exception {
        Path log = dir.resolve("c.jsonl");
        Files.writeString(log, "{\"ts\":\"2026-11-25T16:00:00Z\",\"kind\":\"write\",\"outcome\":\"mismatch\","
            + "\"fingerprint\":\"delete from t\",\"sql\":\"delete from t\",\"a\":{\"count\":2,\"ms\":1.5,\"error\":null},"
            + "\"b\":{\"count\":1,\"ms\":2.5,\"error\":null},\"tables\":[\"t\"]}\n", StandardCharsets.UTF_8);
        Path html = dir.resolve("r.html");

        Result r = run("report", "-f", "html", "-o", html.toString(), log.toString());

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(Files.readString(html)).contains("/*! https://github.com/leeoniya/uPlot (v1.6.30) */")
            .contains("delete from t");

        Result text = run("report", log.toString());
        assertThat(text.out()).contains("mismatch 1").contains("latest mismatch at 2026-11-25T16:00:00Z: count A=2 B=1");
    }

    @Test
    void aMissingLogCouldNotRun() throws Exception {
        Result r = run("report", dir.resolve("none.jsonl").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("no comparison log matches");
    }
}
