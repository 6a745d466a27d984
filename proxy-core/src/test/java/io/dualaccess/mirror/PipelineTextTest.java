package io.dualaccess.mirror;

import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.Setter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which texts may be joined into a pipeline, and how many parameters each brings ({@link PipelineText}). */
class PipelineTextTest {

    @Test
    void placeholdersAreCountedOutsideQuotesAndBlockComments() {
        assertThat(PipelineText.placeholders("insert into t (a, b) values (?, ?)")).isEqualTo(2);
        assertThat(PipelineText.placeholders("update t set v = 'what?' || ? where \"odd?name\" = ? /* why? */")).isEqualTo(2);
        assertThat(PipelineText.placeholders("update t set v = 'it''s ?' where id = ?")).isEqualTo(1);
        assertThat(PipelineText.placeholders("delete from t")).isZero();
    }

    @Test
    void textsThatJoiningCouldChangeOrWhoseParametersAreInDoubtRunAlone() {
        assertThat(PipelineText.placeholders("insert into t values (?); delete from t")).isEqualTo(-1);
        assertThat(PipelineText.placeholders("update t set v = ? -- a comment")).isEqualTo(-1);
        assertThat(PipelineText.placeholders("update t set v = E'a\\'?' where id = ?")).isEqualTo(-1);
        assertThat(PipelineText.placeholders("update t set v = $$?$$ where id = ?")).isEqualTo(-1);
        assertThat(PipelineText.placeholders("update t set v = ? where j ?? 'k'")).isEqualTo(-1);
        assertThat(PipelineText.placeholders("update t set v = 'open")).isEqualTo(-1);
        assertThat(PipelineText.placeholders("update t set v = ? /* /* nested */ */")).isEqualTo(-1);
    }

    @Test
    void parametersMustBeExactlyThePlaceholders() {
        CapturedParameters c = new CapturedParameters();
        c.set(1, Setter.SET_INT_INT, 1, null, null);
        c.set(2, Setter.SET_STRING_STRING, "x", null, null);
        assertThat(PipelineText.complete(c.snapshot(), 2)).isTrue();
        assertThat(PipelineText.complete(c.snapshot(), 3)).as("one left unset").isFalse();
        CapturedParameters gap = new CapturedParameters();
        gap.set(2, Setter.SET_INT_INT, 1, null, null);
        assertThat(PipelineText.complete(gap.snapshot(), 2)).as("index 1 unset").isFalse();
        assertThat(PipelineText.complete(new CapturedParameters().snapshot(), 0)).isTrue();
    }
}
