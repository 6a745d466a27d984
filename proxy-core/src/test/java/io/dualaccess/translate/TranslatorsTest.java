package io.dualaccess.translate;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dialects from configuration or URLs, both directions, and clear errors for bad files. */
class TranslatorsTest {

    @TempDir
    Path dir;

    @Test
    void dialectsComeFromTheUrlsUnlessConfigured() throws Exception {
        DualAccessConfig config = DualAccessConfig.builder().b("jdbc:mariadb://b/db", "u", "p").build();
        Translators t = Translators.of(config, () -> "jdbc:dualaccess:postgresql://a/db");
        assertThat(t.aDialect()).isEqualTo(DialectName.POSTGRES);
        assertThat(t.bDialect()).isEqualTo(DialectName.MARIADB);
        assertThat(t.toB().from()).isEqualTo(DialectName.POSTGRES);
        assertThat(t.toB().to()).isEqualTo(DialectName.MARIADB);
        // live: the application speaks B's SQL, translated for A.
        assertThat(t.toA().from()).isEqualTo(DialectName.MARIADB);
        assertThat(t.toA().translate("select id from t limit ?, ?", "f").template().sql())
            .isEqualTo("select id from t offset ? rows fetch next ? rows only");

        DualAccessConfig same = DualAccessConfig.builder().b("jdbc:postgresql://b/db", "u", "p").build();
        assertThat(Translators.of(same, () -> "jdbc:postgresql://a/db").toB()).isSameAs(Translator.NONE);
        DualAccessConfig unknownA = DualAccessConfig.builder().b("jdbc:mariadb://b/db", "u", "p").build();
        assertThat(Translators.of(unknownA, () -> null).toB()).isSameAs(Translator.NONE);
        DualAccessConfig configured = DualAccessConfig.builder().b("jdbc:mariadb://b/db", "u", "p")
            .set("dualaccess.a.dialect", "h2").build();
        assertThat(Translators.of(configured, () -> null).toB().from()).isEqualTo(DialectName.H2);
    }

    @Test
    void aBadDialectNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> DualAccessConfig.builder().set("dualaccess.b.dialect", "oracle").build())
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.b.dialect").hasMessageContaining("postgres, mariadb, mysql, h2");
    }

    @Test
    void theMappingIsReversedForB_sSqlSentToA() throws Exception {
        Path map = dir.resolve("map.properties");
        Files.write(map, List.of("orders = sales_orders", "orders.cust_id = customer_id"));
        DualAccessConfig config = DualAccessConfig.builder().b("jdbc:mariadb://b/db", "u", "p")
            .set("dualaccess.map.file", map.toString()).build();
        Translators t = Translators.of(config, () -> "jdbc:postgresql://a/db");
        assertThat(t.toB().translate("select cust_id from orders where id = ?", "f").template().sql())
            .isEqualTo("select customer_id as cust_id from sales_orders where id = ?");
        assertThat(t.toA().translate("select customer_id from sales_orders where id = ?", "f").template().sql())
            .isEqualTo("select cust_id as customer_id from orders where id = ?");
    }

    @Test
    void badFilesNameTheKeyTheLineAndWhatWasExpected() throws Exception {
        Path overrides = dir.resolve("overrides.txt");
        Files.write(overrides, List.of("fingerprint = select 1", "sql = select 2"));
        DualAccessConfig config = DualAccessConfig.builder().b("jdbc:mariadb://b/db", "u", "p")
            .set("dualaccess.b.sql-overrides", overrides.toString()).build();
        assertThatThrownBy(() -> Translators.of(config, () -> null))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("dualaccess.b.sql-overrides").hasMessageContaining("line 2")
            .hasMessageContaining("'b.sql = …'");
        DualAccessConfig missing = DualAccessConfig.builder().b("jdbc:mariadb://b/db", "u", "p")
            .set("dualaccess.map.file", dir.resolve("nowhere.properties").toString()).build();
        assertThatThrownBy(() -> Translators.of(missing, () -> null))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("dualaccess.map.file")
            .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> SchemaMapping.of(Map.of("orders.cust_id", "customer id"), "map"))
            .hasMessageContaining("orders.cust_id = 'customer id'").hasMessageContaining("expected B's column name");
    }
}
