package io.dualaccess.driver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user or a build tool reads from the jars: module names and versions in the manifests,
 * a clean self-contained jar whose licence files do not overwrite each other, and a sources jar.
 */
class JarPackagingIT {

    private static final String VERSION = System.getProperty("da.test.version");

    @Test
    void plainJarsNameTheirModuleAndVersion() throws IOException {
        assertManifest(System.getProperty("da.test.plain-jar"), "io.dualaccess.driver");
        assertManifest(System.getProperty("da.test.core-jar"), "io.dualaccess.core");
        assertManifest(System.getProperty("da.test.shaded-jar"), "io.dualaccess.driver");
    }

    @Test
    void sourcesJarLiesBesideThePlainJar() throws IOException {
        try (ZipFile sources = new ZipFile(System.getProperty("da.test.sources-jar"))) {
            assertThat(sources.getEntry("io/dualaccess/driver/DualAccessDriver.java")).isNotNull();
        }
    }

    @Test
    void selfContainedJarHoldsOnlyOurPackagesAndMetaInf() throws IOException {
        try (ZipFile jar = new ZipFile(System.getProperty("da.test.shaded-jar"))) {
            List<String> entries = jar.stream().map(ZipEntry::getName).toList();
            assertThat(entries).as("root entries").allMatch(e -> e.startsWith("META-INF/") || e.equals("io/") || e.startsWith("io/dualaccess/"));
            assertThat(entries).as("Kotlin metadata").noneMatch(e -> e.endsWith(".kotlin_module"));
            assertThat(entries).as("GraalVM metadata naming unrelocated classes").noneMatch(e -> e.startsWith("META-INF/native-image/"));
            assertThat(entries).as("one licence file, not several overwriting each other")
                .filteredOn(e -> e.matches("META-INF/LICENSE(\\.txt|\\.md)?")).containsExactly("META-INF/LICENSE");
            assertThat(text(jar, "META-INF/LICENSE")).contains("Apache License", "Version 2.0, January 2004");
            assertThat(entries).contains("META-INF/NOTICE");
        }
    }

    @Test
    void everyBundledPackageIsNamedWithItsLicence() throws IOException {
        try (ZipFile jar = new ZipFile(System.getProperty("da.test.shaded-jar"))) {
            List<String> listed = text(jar, "META-INF/THIRD-PARTY.txt").lines()
                .map(l -> l.trim().split("\\s{2,}"))
                .filter(cols -> cols.length == 3 && cols[2].matches("[A-Za-z][\\w.]*"))
                .map(cols -> "io/dualaccess/shaded/" + cols[2].replace('.', '/') + "/")
                .toList();
            List<String> bundled = jar.stream().map(ZipEntry::getName)
                .filter(e -> e.startsWith("io/dualaccess/shaded/") && e.endsWith(".class")).toList();
            assertThat(bundled).isNotEmpty();
            assertThat(bundled).as("classes of a library missing from META-INF/THIRD-PARTY.txt")
                .allMatch(e -> listed.stream().anyMatch(e::startsWith));
        }
    }

    private static void assertManifest(String jarPath, String moduleName) throws IOException {
        assertThat(Files.isRegularFile(Path.of(jarPath))).as(jarPath).isTrue();
        try (JarFile jar = new JarFile(jarPath)) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Automatic-Module-Name")).as(jarPath).isEqualTo(moduleName);
            assertThat(main.getValue("Implementation-Version")).as(jarPath).isEqualTo(VERSION);
        }
    }

    private static String text(ZipFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
