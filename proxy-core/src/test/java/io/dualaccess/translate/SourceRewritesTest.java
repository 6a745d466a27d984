package io.dualaccess.translate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceRewritesTest {

    @Test
    void dateFormatBecomesToCharWithTheFormatTranslated() {
        assertThat(SourceRewrites.dateFormat("select date_format(birth_date, '%Y-%m-%d %H:%i:%s') from pets"))
            .isEqualTo("select to_char(birth_date, 'YYYY-MM-DD HH24:MI:SS') from pets");
        // Any expression as the date, letters outside specifiers quoted as TO_CHAR needs.
        assertThat(SourceRewrites.dateFormat("select DATE_FORMAT(coalesce(a, date(b)), 'day %e') x"))
            .isEqualTo("select to_char(coalesce(a, date(b)), '\"day \"FMDD') x");
    }

    @Test
    void dateFormatInsideALiteralIsLeftAlone() {
        String sql = "select 'date_format(x, ''%Y'')' from t";
        assertThat(SourceRewrites.dateFormat(sql)).isEqualTo(sql);
    }

    @Test
    void formatTemplates() {
        assertThat(SourceRewrites.template("%d.%m.%Y")).isEqualTo("DD.MM.YYYY");
        assertThat(SourceRewrites.template("%Y at %T")).isEqualTo("YYYY\" at \"HH24:MI:SS");
        assertThat(SourceRewrites.template("100%%")).isEqualTo("100%");
        assertThatThrownBy(() -> SourceRewrites.template("%U")).hasMessageContaining("%U");
    }

    @Test
    void replaceIntoBecomesAnUpsertOfEveryListedColumn() {
        assertThat(SourceRewrites.replaceInto("replace into tags (id, name) values (?, ?);"))
            .isEqualTo("insert into tags (id, name) values (?, ?) on duplicate key update id = values(id), name = values(name)");
        // The SELECT and SET forms are left for jOOQ to refuse (untranslatable).
        assertThat(SourceRewrites.replaceInto("replace into tags select * from old_tags")).startsWith("replace");
        assertThat(SourceRewrites.replace("REPLACE INTO t (a) VALUES (1)")).isTrue();
    }

    @Test
    void mysqlRewritesOnlyForAnotherFamily() {
        assertThat(SourceRewrites.fromMysql("replace into t (a) values (1)", DialectName.MARIADB)).startsWith("replace");
        assertThat(SourceRewrites.fromMysql("replace into t (a) values (1)", DialectName.POSTGRES)).startsWith("insert");
        assertThat(SourceRewrites.fromMysql("insert ignore into t (a) values (1)", DialectName.POSTGRES))
            .isEqualTo("insert into t (a) values (1) on conflict do nothing");
    }
}
