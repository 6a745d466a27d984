package io.dualaccess.compare;

import org.junit.jupiter.api.Test;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NormalizationRulesTest {

    @Test
    void ruleNamesAreStableBecauseReportsAndConfigKeysUseThem() {
        assertThat(Arrays.stream(Rule.values()).map(Rule::ruleName)).containsExactly(
            "numbers", "float-tolerance", "char-trim", "timestamp-precision", "booleans", "labels-case", "lobs-hash",
            "json", "ignore-columns");
        assertThat(Rule.FLOAT_TOLERANCE.configKey()).isEqualTo("dualaccess.compare.float-tolerance");
        assertThat(Rule.named(" Char-Trim ")).isEqualTo(Rule.CHAR_TRIM);
        assertThatThrownBy(() -> Rule.named("trim")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no comparison rule named 'trim'").hasMessageContaining("char-trim");
    }

    @Test
    void defaultsTurnEveryRuleOnAndDescribeTheirParameters() {
        NormalizationRules d = NormalizationRules.defaults();
        assertThat(d.describe()).containsExactly("numbers", "float-tolerance=1E-9", "char-trim",
            "timestamp-precision=micros", "booleans", "labels-case", "lobs-hash=8192", "json");
        assertThat(d.floatDigits()).isEqualTo(10);
        assertThat(d.ignoredColumns()).isEmpty();
        assertThat(d.enabled(Rule.IGNORE_COLUMNS)).isFalse();
    }

    @Test
    void exactTurnsEveryRuleOff() {
        NormalizationRules e = NormalizationRules.exact();
        assertThat(e.describe()).isEmpty();
        for (Rule r : Rule.values()) {
            assertThat(e.enabled(r)).as(r.ruleName()).isFalse();
        }
        assertThat(e.timestampPrecision()).isNull();
        assertThat(e.floatTolerance()).isZero();
    }

    @Test
    void builderSetsEachParameter() {
        NormalizationRules r = NormalizationRules.builder().floatTolerance(1e-6).timestampPrecision(ChronoUnit.MILLIS)
            .lobThreshold(100).ignoreColumns("Updated_At", " version ", "").booleans(false).build();
        assertThat(r.describe()).containsExactly("numbers", "float-tolerance=0.000001", "char-trim",
            "timestamp-precision=millis", "labels-case", "lobs-hash=100", "json", "ignore-columns=updated_at,version");
        assertThat(r.floatDigits()).isEqualTo(7);
        assertThat(r.ignores("UPDATED_AT")).isTrue();
        assertThat(r.ignores("updated")).isFalse();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(r).isNotEqualTo(NormalizationRules.defaults());
    }

    @Test
    void floatDigitsKeepRoundedValuesWithinTheTolerance() {
        assertThat(NormalizationRules.digitsFor(1e-9)).isEqualTo(10);
        assertThat(NormalizationRules.digitsFor(2e-9)).isEqualTo(10);
        assertThat(NormalizationRules.digitsFor(1e-12)).isEqualTo(13);
        assertThat(NormalizationRules.digitsFor(0.1)).isEqualTo(2);
        assertThat(NormalizationRules.digitsFor(1e-30)).isEqualTo(17);
    }

    @Test
    void invalidParametersFailNamingTheKey() {
        assertThatThrownBy(() -> NormalizationRules.builder().floatTolerance(-1))
            .hasMessageContaining("dualaccess.compare.float-tolerance");
        assertThatThrownBy(() -> NormalizationRules.builder().floatTolerance(Double.NaN))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NormalizationRules.builder().floatTolerance(0.5))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NormalizationRules.builder().timestampPrecision(ChronoUnit.MONTHS))
            .hasMessageContaining("dualaccess.compare.timestamp-precision");
        assertThatThrownBy(() -> NormalizationRules.builder().lobThreshold(-1))
            .hasMessageContaining("dualaccess.compare.lobs-hash");
    }

    @Test
    void ruleBitsNameRulesInDeclarationOrder() {
        assertThat(Rule.names(Rule.JSON.bit() | Rule.NUMBERS.bit())).isEqualTo(List.of("numbers", "json"));
        assertThat(Rule.names(0)).isEmpty();
    }
}
