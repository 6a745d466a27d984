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
}
