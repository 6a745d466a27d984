package io.dualaccess.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ORDER BY and GROUP BY keys a read's text gives the comparison. */
class ResultShapeTest {

    private static ResultShape shape(String sql) {
        return SqlClassifier.classifyUncached(sql).shape();
    }

    @Test
    void columnsAliasesAndOrdinalsAreKeys() {
        assertThat(shape("select o.id, o.grp from orders o order by o.GRP desc, \"Id\"").orderKeys())
            .containsExactly("grp", "id");
        assertThat(shape("select grp, count(*) as n from t group by grp order by n desc, 1").orderKeys())
            .containsExactly("n", "#1");
        assertThat(shape("select grp, count(*) as n from t group by grp order by n").groupKeys()).containsExactly("grp");
    }

    @Test
    void aQualifiedKeyWhoseNameLabelsSeveralColumnsIsKeptByPosition() {
        // Hibernate's join fetch selects v1_0.id and s1_1.id: "id" alone would name both.
        assertThat(shape("select distinct v1_0.id, v1_0.last_name, s1_1.id, s1_1.name from vets v1_0"
            + " left join specialties s1_1 on s1_1.id = v1_0.id order by v1_0.last_name, v1_0.id").orderKeys())
            .containsExactly("last_name", "#1");
    }

    @Test
    void anExpressionIsNamedAndLeavesNoKeys() {
        ResultShape s = shape("select name from t order by grp, lower(name)");
        assertThat(s.orderKeys()).isEmpty();
        assertThat(s.orderUnresolved()).isEqualTo("lower(name)");
        assertThat(shape("select lower(name), count(*) from t group by lower(name)").groupKeys()).isEmpty();
    }

    @Test
    void withoutOrderByOrParseNothingIsKnown() {
        assertThat(shape("select * from t")).isEqualTo(new ResultShape(List.of(), null, List.of()));
        assertThat(shape("select * from t where x = ANY_VENDOR_SYNTAX(((")).isEqualTo(ResultShape.NONE);
        assertThat(shape("update t set a = 1")).isEqualTo(ResultShape.NONE);
    }
}
