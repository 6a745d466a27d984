package io.dualaccess.sample;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleConfigTest {

    @Test
    void laterSourcesWinAndDualaccessKeysAreKeptForTheDriver() {
        Properties system = new Properties();
        system.setProperty("sample.port", "9000");
        system.setProperty("sample.b-difference", "price-scale");
        SampleConfig c = SampleConfig.resolve(system, Map.of("SAMPLE_B_DIFFERENCE", "missing-row,price-scale"),
            Map.of("sample.port", "0", "dualaccess.phase", "dual-write"));
        assertThat(c.port()).isZero();
        assertThat(c.differences()).containsExactlyInAnyOrder(Difference.MISSING_ROW, Difference.PRICE_SCALE);
        assertThat(c.dualaccess()).containsExactly(Map.entry("dualaccess.phase", "dual-write"));
        assertThat(SampleApp.poolConfig(c).getJdbcUrl()).isEqualTo("jdbc:dualaccess:h2:mem:shop_a;DB_CLOSE_DELAY=-1");
        assertThat(SampleApp.poolConfig(c).getDataSourceProperties())
            .containsEntry("dualaccess.b.url", "jdbc:h2:mem:shop_b;DB_CLOSE_DELAY=-1")
            .containsEntry("dualaccess.phase", "dual-write");
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsExpected() {
        assertThatThrownBy(() -> SampleConfig.of(Map.of("sample.b-difference", "price-scale,typo")))
            .hasMessageContaining("sample.b-difference").hasMessageContaining("'typo'").hasMessageContaining("missing-row");
        assertThatThrownBy(() -> SampleConfig.of(Map.of("sample.port", "http")))
            .hasMessageContaining("sample.port = 'http'").hasMessageContaining("integer from 0 to 65535");
        assertThatThrownBy(() -> SampleConfig.of(Map.of("sample.b-seed", "half")))
            .hasMessageContaining("sample.b-seed = 'half'").hasMessageContaining("copy or empty");
        assertThatThrownBy(() -> SampleConfig.of(Map.of("sample.prot", "1")))
            .hasMessageContaining("unknown setting 'sample.prot'");
    }

    @Test
    void withoutTheProxyThePoolConnectsStraightToA() {
        SampleConfig c = SampleConfig.of(Map.of("sample.proxy", "false"));
        assertThat(SampleApp.poolConfig(c).getJdbcUrl()).isEqualTo("jdbc:h2:mem:shop_a;DB_CLOSE_DELAY=-1");
        assertThat(SampleApp.poolConfig(c).getDataSourceProperties()).isEmpty();
    }
}
