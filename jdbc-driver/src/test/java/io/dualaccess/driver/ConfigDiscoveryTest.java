package io.dualaccess.driver;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.config.ConfigDiscovery;
import io.dualaccess.config.ConfigKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The documented order of sources: classpath file, named file, system properties, environment, connection properties. */
class ConfigDiscoveryTest {

    @TempDir
    Path dir;

    private ClassLoader classpathWith(String content) throws Exception {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        Files.writeString(cp.resolve("dualaccess.properties"), content);
        return new URLClassLoader(new URL[] {cp.toUri().toURL()}, null);
    }

    private static Properties props(String... kv) {
        return TestProperties.of(kv);
    }

    @Test
    void eachSourceOverridesThePreviousOne() throws Exception {
        ClassLoader cl = classpathWith("dualaccess.phase=shadow-read\ndualaccess.b.user=from-classpath\ndualaccess.b.pool.max-size=2\n");
        Path file = dir.resolve("named.properties");
        Files.writeString(file, "dualaccess.phase=dual-write\ndualaccess.b.user=from-file\n");
        Properties system = props("dualaccess.config", file.toString(), "dualaccess.phase", "shadow", "other.key", "x");
        Map<String, String> env = Map.of("DUALACCESS_PHASE", "live");
        Properties connection = props("dualaccess.phase", "rampdown", "user", "sa");

        DualAccessConfig c = DualAccessConfig.from(ConfigDiscovery.discover(cl, system, env, connection));
        assertThat(c.phase()).isEqualTo(Phase.RAMPDOWN);
        assertThat(c.bUser()).isEqualTo("from-file");
        assertThat(c.bPoolMaxSize()).isEqualTo(2);
        assertThat(c.origin(ConfigKey.B_POOL_MAX_SIZE)).startsWith("classpath dualaccess.properties");
        assertThat(c.origin(ConfigKey.B_USER)).contains("named by system property dualaccess.config");

        assertThat(DualAccessConfig.from(ConfigDiscovery.discover(cl, system, env, new Properties())).phase()).isEqualTo(Phase.LIVE);
        assertThat(DualAccessConfig.from(ConfigDiscovery.discover(cl, system, Map.of(), new Properties())).phase()).isEqualTo(Phase.SHADOW);
        system.remove("dualaccess.phase");
        assertThat(DualAccessConfig.from(ConfigDiscovery.discover(cl, system, Map.of(), new Properties())).phase()).isEqualTo(Phase.DUAL_WRITE);
        system.remove("dualaccess.config");
        assertThat(DualAccessConfig.from(ConfigDiscovery.discover(cl, system, Map.of(), new Properties())).phase()).isEqualTo(Phase.SHADOW_READ);
    }

    @Test
    void environmentCanNameTheFile() throws Exception {
        Path file = dir.resolve("env.properties");
        Files.writeString(file, "dualaccess.phase=shadow\n");
        DualAccessConfig c = DualAccessConfig.from(ConfigDiscovery.discover(null, new Properties(), Map.of("DUALACCESS_CONFIG", file.toString()), null));
        assertThat(c.phase()).isEqualTo(Phase.SHADOW);
        assertThat(c.origin(ConfigKey.PHASE)).contains("named by environment variable DUALACCESS_CONFIG");
    }

    @Test
    void anExplicitFileSaysWhatNamedIt() throws Exception {
        Path file = dir.resolve("cli.properties");
        Files.writeString(file, "dualaccess.phase=shadow\n");
        Properties system = props("dualaccess.config", dir.resolve("ignored.properties").toString());
        DualAccessConfig c = DualAccessConfig.from(ConfigDiscovery.discover(null, system, Map.of(), null,
            new ConfigDiscovery.NamedFile(file, "option --config")));
        assertThat(c.phase()).isEqualTo(Phase.SHADOW);
        assertThat(c.origin(ConfigKey.PHASE)).contains("named by option --config").doesNotContain("system property");
    }

    @Test
    void unreadableFileIsOneClearProblem() throws Exception {
        Path notAFile = Files.createDirectories(dir.resolve("a-directory"));
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigDiscovery.discover(null, props("dualaccess.config", notAFile.toString()), Map.of(), null)))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("cannot read file " + notAFile + " (named by system property dualaccess.config)")
            .hasMessageContaining("expected a readable properties file");
    }

    @Test
    void problemsInTheClasspathFileNameIt() throws Exception {
        ClassLoader cl = classpathWith("dualaccess.phase=of\n");
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigDiscovery.discover(cl, new Properties(), Map.of(), null)))
            .hasMessageContaining("dualaccess.phase = 'of' (from classpath dualaccess.properties (file:")
            .hasMessageContaining("did you mean 'off'?");
    }

    @Test
    void placeholdersInFilesComeFromTheEnvironment() throws Exception {
        ClassLoader cl = classpathWith("dualaccess.b.password=${SHOP_B_PASSWORD}\n");
        DualAccessConfig c = DualAccessConfig.from(ConfigDiscovery.discover(cl, new Properties(), Map.of("SHOP_B_PASSWORD", "pw"), null));
        assertThat(c.bPassword()).isEqualTo("pw");
    }
}
