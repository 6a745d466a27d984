package io.dualaccess.mirror;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRewriteTest {

    @Test
    void addsTheKeyColumnAndOneLiteralPerRowKeepingParameters() {
        assertThat(KeyRewrite.withKeys("insert into orders (customer, total) values (?, ?)", "id", List.of(42L), false))
            .isEqualTo("INSERT INTO orders (customer, total, id) VALUES (?, ?, 42)");
        assertThat(KeyRewrite.withKeys("INSERT INTO t (a) VALUES ('x'), (?)", "id", List.of(7, 8), false))
            .isEqualTo("INSERT INTO t (a, id) VALUES ('x', 7), (?, 8)");
    }

    @Test
    void overridingSystemValueForIdentityColumns() {
        assertThat(KeyRewrite.withKeys("insert into t (a) values (1)", "id", List.of(5L), true))
            .containsIgnoringCase("OVERRIDING SYSTEM VALUE").contains("5)");
    }

    @Test
    void textKeysAreQuoted() {
        assertThat(KeyRewrite.withKeys("insert into t (a) values (1)", "id", List.of("a'b"), false)).contains("'a''b'");
    }

    @Test
    void refusesWhatCannotCarryKeys() {
        assertThatThrownBy(() -> KeyRewrite.withKeys("insert into t (a) select a from u", "id", List.of(1), false))
            .hasMessageContaining("only INSERT");
        assertThatThrownBy(() -> KeyRewrite.withKeys("insert into t (a) values (1), (2)", "id", List.of(1), false))
            .hasMessageContaining("2 row(s) but 1 generated key(s)");
    }

    @Test
    void aStatementRewrittenAgainCarriesItsNewKeysNotTheFirstOnes() {
        String sql = "insert into orders (customer, total) values (?, ?), ('x', 1)";
        String first = KeyRewrite.withKeys(sql, "id", List.of(1L, 2L), false);
        String second = KeyRewrite.withKeys(sql, "id", List.of(100L, "k'2"), false);
        assertThat(first).isEqualTo("INSERT INTO orders (customer, total, id) VALUES (?, ?, 1), ('x', 1, 2)");
        assertThat(second).isEqualTo("INSERT INTO orders (customer, total, id) VALUES (?, ?, 100), ('x', 1, 'k''2')");
        assertThatThrownBy(() -> KeyRewrite.withKeys(sql, "id", List.of(1L), false)).hasMessageContaining("2 row(s) but 1");
    }

    @Test
    void aPreparedStatementCarriesItsKeysAsParametersSoItsTextNeverChanges() {
        String sql = "insert into orders (customer, total) values (?, ?), ('x', 1), (?, ?)";
        KeyRewrite.Template t = KeyRewrite.template(sql, "id", true);
        assertThat(t.sql()).isEqualTo(
            "INSERT INTO orders (customer, total, id) OVERRIDING SYSTEM VALUE VALUES (?, ?, ?), ('x', 1, ?), (?, ?, ?)");
        assertThat(KeyRewrite.template(sql, "id", true).sql()).isSameAs(t.sql());
        // The application's ?1 ?2 ?3 ?4 move past the keys of the rows before them: 1 2 5 6.
        assertThat(List.of(t.shifted(1), t.shifted(2), t.shifted(3), t.shifted(4))).containsExactly(1, 2, 5, 6);
    }

    @Test
    void parametersAfterTheValuesAndQuotedQuestionMarksAreCountedAsADriverCountsThem() {
        KeyRewrite.Template t = KeyRewrite.template(
            "insert into t (a, b) values (?, '?') on conflict (a) do update set b = ?", "id", false);
        assertThat(t.sql()).startsWith("INSERT INTO t (a, b, id) VALUES (?, '?', ?) ON CONFLICT").endsWith("SET b = ?");
        assertThat(List.of(t.shifted(1), t.shifted(2))).containsExactly(1, 3);
        assertThat(KeyRewrite.markers("'it''s ?' \"?\" ?? ? `?`")).isEqualTo(1);
    }

    @Test
    void onlyWholeNumbersAreBound() {
        assertThat(KeyRewrite.Template.bindable(List.of(1L, 2, java.math.BigInteger.TEN, java.math.BigDecimal.ONE))).isTrue();
        assertThat(KeyRewrite.Template.bindable(List.of(1L, "k"))).isFalse();
        assertThat(KeyRewrite.Template.bindable(List.of(new java.math.BigDecimal("1.5")))).isFalse();
    }
}
