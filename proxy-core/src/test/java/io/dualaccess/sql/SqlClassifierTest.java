package io.dualaccess.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The classification cache (issue 14, finding 8) and writes that return rows (the RETURNING fix). */
class SqlClassifierTest {

    @Test
    void theCacheStaysBoundedAndKeepsCachingPastItsSize() {
        SqlClassifier c = new SqlClassifier(100);
        for (int i = 0; i < 1_000; i++) {
            c.classify("select * from t where id = " + i);
        }
        assertThat(c.cachedTexts()).isLessThanOrEqualTo(100);
        // A text first seen after the cache filled up is cached all the same: classified once.
        String hot = "insert into t (v) values (?)";
        StatementInfo first = c.classify(hot);
        assertThat(c.classify(hot)).isSameAs(first);
    }

    @Test
    void writesThatReturnRowsAreWritesThatReturnRows() {
        StatementInfo returning = SqlClassifier.classifyUncached("insert into t (v) values (?) returning id, v");
        assertThat(returning.kind()).isEqualTo(SqlKind.WRITE);
        assertThat(returning.returnsRows()).isTrue();
        assertThat(returning.insert()).isNotNull();

        StatementInfo cte = SqlClassifier.classifyUncached(
            "with ins as (insert into t (v) values (?) returning id) select id from ins");
        assertThat(cte.kind()).as("a data-modifying WITH is a write, never replayed as a read").isEqualTo(SqlKind.WRITE);
        assertThat(cte.returnsRows()).isTrue();
        assertThat(cte.tables()).containsExactly("t");

        StatementInfo delta = SqlClassifier.classifyUncached("select id from final table (insert into t (v) values (?))");
        assertThat(delta.kind()).isEqualTo(SqlKind.WRITE);
        assertThat(delta.returnsRows()).isTrue();
        assertThat(delta.tables()).containsExactly("t");

        assertThat(SqlClassifier.classifyUncached("update t set v = 1 returning id").returnsRows()).isTrue();
        assertThat(SqlClassifier.classifyUncached("delete from t returning id").returnsRows()).isTrue();
        assertThat(SqlClassifier.classifyUncached("insert into t (v) values (1)").returnsRows()).isFalse();
        assertThat(SqlClassifier.classifyUncached("with x as (select 1) select * from x").kind()).isEqualTo(SqlKind.READ);
    }
}
