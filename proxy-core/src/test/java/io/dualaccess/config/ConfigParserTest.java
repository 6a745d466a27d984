package io.dualaccess.config;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigParserTest {

    private static final ConfigSource FILE = new ConfigSource("file /etc/app/dualaccess.properties");

    @Test
    void defaultsArePhaseOffWithItsAxes() throws Exception {
        DualAccessConfig c = DualAccessConfig.from(ConfigParser.parse(new RawConfig(), Map.of()));
        assertThat(c.phase()).isEqualTo(Phase.OFF);
        assertThat(c.reads()).isEqualTo(Reads.A);
        assertThat(c.writes()).isEqualTo(Writes.A);
        assertThat(c.bPoolMaxSize()).isEqualTo(10);
        assertThat(c.usesB()).isFalse();
    }

    @Test
    void typedGettersReadEachKindAndNameAKeyReadAsAnother() throws Exception {
        RawConfig raw = new RawConfig()
            .add("dualaccess.b.statement-timeout", "2s", FILE)
            .add("dualaccess.tables.include", "Orders, items", FILE)
            .add("dualaccess.tables.phase", "orders:shadow", FILE)
            .add("dualaccess.admin.token", "s3cret", FILE);
        DualAccessConfig c = DualAccessConfig.from(ConfigParser.parse(raw, Map.of()));
        assertThat(c.duration(ConfigKey.B_STATEMENT_TIMEOUT)).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(c.names(ConfigKey.TABLES_INCLUDE)).containsExactly("orders", "items");
        assertThat(c.names(ConfigKey.TABLES_EXCLUDE)).isEmpty();
        assertThat(c.tablePhases()).containsEntry("orders", Phase.SHADOW);
        assertThat(c.tableReads()).isEmpty();
        assertThat(c.integer(ConfigKey.B_POOL_MAX_SIZE)).isEqualTo(10);
        assertThat(c.flag(ConfigKey.MIRROR_DDL)).isFalse();
        assertThat(c.has(ConfigKey.ADMIN_PORT)).isFalse();
        assertThat(c.shown(ConfigKey.ADMIN_TOKEN)).doesNotContain("s3cret");
        assertThatThrownBy(() -> c.integer(ConfigKey.B_STATEMENT_TIMEOUT))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("dualaccess.b.statement-timeout is not an integer");
        assertThatThrownBy(() -> c.integer(ConfigKey.ADMIN_PORT)).hasMessageContaining("dualaccess.admin.port has no value");
    }

    @Test
    void axesOverrideThePhase() throws Exception {
        RawConfig raw = new RawConfig()
            .add("dualaccess.phase", "shadow", FILE)
            .add("dualaccess.reads", "a", FILE);
        DualAccessConfig c = DualAccessConfig.from(ConfigParser.parse(raw, Map.of()));
        assertThat(c.phase()).isEqualTo(Phase.SHADOW);
        assertThat(c.reads()).isEqualTo(Reads.A);
        assertThat(c.writes()).isEqualTo(Writes.A_MIRROR_B);
    }

    @Test
    void laterSourcesOverrideEarlierOnes() throws Exception {
        RawConfig raw = new RawConfig()
            .add("dualaccess.phase", "shadow-read", FILE)
            .add("dualaccess.phase", "dual-write", ConfigSource.SYSTEM_PROPERTIES);
        DualAccessConfig c = DualAccessConfig.from(ConfigParser.parse(raw, Map.of()));
        assertThat(c.phase()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(c.origin(ConfigKey.PHASE)).isEqualTo("system property dualaccess.phase");
    }

    @Test
    void misspeltKeyGetsDidYouMean() {
        RawConfig raw = new RawConfig().add("dualaccess.b.ulr", "jdbc:h2:mem:b", FILE);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("unknown key dualaccess.b.ulr")
            .hasMessageContaining("file /etc/app/dualaccess.properties")
            .hasMessageContaining("did you mean dualaccess.b.url?");
    }

    @Test
    void keyWithoutPrefixGetsThePrefixedSuggestion() {
        RawConfig raw = new RawConfig().add("phase", "off", FILE);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .hasMessageContaining("unknown key phase")
            .hasMessageContaining("did you mean dualaccess.phase?");
    }

    @Test
    void badEnumValueNamesSourceKeyValueAndAllowedValues() {
        RawConfig raw = new RawConfig().add("dualaccess.phase", "shadoww", ConfigSource.SYSTEM_PROPERTIES);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.phase = 'shadoww'")
            .hasMessageContaining("system property dualaccess.phase")
            .hasMessageContaining("expected one of off, shadow-read, dual-write, shadow, live, rampdown, complete")
            .hasMessageContaining("did you mean 'shadow'?");
    }

    @Test
    void everyProblemIsReportedInOneMessage() {
        RawConfig raw = new RawConfig()
            .add("dualaccess.reads", "b-mirror-a", FILE)
            .add("dualaccess.b.pool.max-size", "zero", FILE)
            .add("dualaccess.b.url", "postgresql://b/db", FILE);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .hasMessageStartingWith("dualaccess: invalid configuration (3 problems):")
            .hasMessageContaining("dualaccess.reads = 'b-mirror-a'")
            .hasMessageContaining("expected one of a, a-shadow-b, b-shadow-a, b")
            .hasMessageContaining("dualaccess.b.pool.max-size = 'zero'")
            .hasMessageContaining("expected an integer from 1 to 1000")
            .hasMessageContaining("expected a JDBC URL starting with jdbc:");
    }

    @Test
    void bUrlMayNotLoopBackIntoDualaccess() {
        RawConfig raw = new RawConfig().add("dualaccess.b.url", "jdbc:dualaccess:h2:mem:b", FILE);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .hasMessageContaining("would loop back into dualaccess");
    }

    @Test
    void placeholdersResolveFromTheEnvironment() throws Exception {
        RawConfig raw = new RawConfig()
            .add("dualaccess.b.password", "${B_SECRET}", FILE)
            .add("dualaccess.b.user", "${B_USER:-app}", FILE)
            .add("dualaccess.b.url", "jdbc:postgresql://${B_HOST}:5432/shop", FILE);
        DualAccessConfig c = DualAccessConfig.from(ConfigParser.parse(raw, Map.of("B_SECRET", "s3cret", "B_HOST", "db-b")));
        assertThat(c.bPassword()).isEqualTo("s3cret");
        assertThat(c.bUser()).isEqualTo("app");
        assertThat(c.bUrl()).isEqualTo("jdbc:postgresql://db-b:5432/shop");
    }

    @Test
    void missingPlaceholderVariableIsNamed() {
        RawConfig raw = new RawConfig().add("dualaccess.b.url", "jdbc:postgresql://${B_HOST}/shop", FILE);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .hasMessageContaining("dualaccess.b.url")
            .hasMessageContaining("environment variable B_HOST is not set");
    }

    @Test
    void environmentVariablesMapToKeys() throws Exception {
        RawConfig raw = new RawConfig().addEnvironment(Map.of(
            "DUALACCESS_B_POOL_MAX_SIZE", "3",
            "DUALACCESS_PHASE", "dual-write",
            "DUALACCESS_CONFIG", "/ignored/here",
            "PATH", "/usr/bin"), "DUALACCESS_CONFIG");
        DualAccessConfig c = DualAccessConfig.from(ConfigParser.parse(raw, Map.of()));
        assertThat(c.bPoolMaxSize()).isEqualTo(3);
        assertThat(c.phase()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(c.origin(ConfigKey.B_POOL_MAX_SIZE)).isEqualTo("environment variable DUALACCESS_B_POOL_MAX_SIZE");
    }

    @Test
    void misspeltEnvironmentVariableGetsTheEnvironmentSpelling() {
        RawConfig raw = new RawConfig().addEnvironment(Map.of("DUALACCESS_B_URLL", "jdbc:h2:mem:b"));
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of())))
            .hasMessageContaining("unknown key DUALACCESS_B_URLL (from environment variable DUALACCESS_B_URLL)")
            .hasMessageContaining("did you mean DUALACCESS_B_URL?");
    }

    @Test
    void passwordsNeverAppearInMessagesOrToString() throws Exception {
        RawConfig bad = new RawConfig()
            .add("dualaccess.b.url", "jdbc:postgresql://b/db?user=app&password=hunter2", FILE)
            .add("dualaccess.b.password", "hunter2", FILE)
            .add("dualaccess.b.pasword", "hunter2", FILE)
            .add("dualaccess.phase", "nope", FILE);
        assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(bad, Map.of())))
            .hasMessageContaining("did you mean dualaccess.b.password?")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));

        RawConfig good = new RawConfig()
            .add("dualaccess.b.url", "jdbc:postgresql://b/db?user=app&password=hunter2", FILE)
            .add("dualaccess.b.password", "hunter2", FILE);
        DualAccessConfig c = DualAccessConfig.from(ConfigParser.parse(good, Map.of()));
        assertThat(c.toString()).doesNotContain("hunter2").contains("****");
        assertThat(c.describe().toString()).doesNotContain("hunter2");
    }

    @Test
    void emptyValueUnsetsAKeyWithoutDefault() throws Exception {
        RawConfig raw = new RawConfig()
            .add("dualaccess.b.user", "app", FILE)
            .add("dualaccess.b.user", "", ConfigSource.SYSTEM_PROPERTIES);
        assertThat(DualAccessConfig.from(ConfigParser.parse(raw, Map.of())).bUser()).isNull();
    }

    @Test
    void prefixedPropertiesIgnoreForeignKeys() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "pw");
        p.setProperty("dualaccess.phase", "off");
        RawConfig raw = new RawConfig().addPrefixed(p, ConfigSource.CONNECTION_PROPERTIES);
        assertThat(raw.entries()).extracting(ConfigEntry::name).containsExactly("dualaccess.phase");
    }

    @Test
    void builderValidatesLikeAFile() {
        assertThatThrownBy(() -> DualAccessConfig.builder().set("dualaccess.b.pool.max-size", "-1").build())
            .hasMessageContaining("dualaccess.b.pool.max-size = '-1' (from DualAccessConfig.builder())");
    }
}
