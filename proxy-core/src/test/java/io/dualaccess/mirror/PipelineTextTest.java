package io.dualaccess.mirror;

import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.Setter;
import io.dualaccess.sql.SqlClassifier;
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

    /**
     * The mirror reads a write's placeholders from its classification (cached per text) instead of
     * scanning its text at every execution: the classification must carry what the scan finds.
     */
    @Test
    void aWritesClassificationCarriesItsJoinablePlaceholders() {
        SqlClassifier classifier = new SqlClassifier(10);
        String insert = "insert into t (a, b) values (?, ?)";
        assertThat(classifier.classify(insert).joinableParameters()).isEqualTo(2).isEqualTo(PipelineText.placeholders(insert));
        assertThat(classifier.classify("update t set v = 'what?' || ? where id = ? /* why? */").joinableParameters()).isEqualTo(2);
        assertThat(classifier.classify("delete from t").joinableParameters()).isZero();
        assertThat(classifier.classify("update t set v = ? -- a comment").joinableParameters()).isEqualTo(-1);
        assertThat(classifier.classify("insert into t values (?); delete from t").joinableParameters()).isEqualTo(-1);
        assertThat(classifier.classify("select a from t where b = ?").joinableParameters()).as("not a write").isEqualTo(-1);
        assertThat(classifier.classify(insert)).as("cached: the same classification").isSameAs(classifier.classify(insert));
    }

    /** Translated texts, which no classification holds, are scanned once per connection while they keep their slot. */
    @Test
    void aConnectionScansATranslatedTextOnce() {
        PipelineText.Scanned scanned = new PipelineText.Scanned();
        String insert = "insert into t (a, b) values (?, ?)";
        String update = "update t set v = ? where id = ?";
        for (int i = 0; i < 5; i++) {
            assertThat(scanned.of(insert)).isEqualTo(2);
            assertThat(scanned.of(new String(update.toCharArray()))).as("an equal text, another instance").isEqualTo(2);
            assertThat(scanned.of("update t set v = ? -- x")).isEqualTo(-1);
        }
        assertThat(scanned.scans()).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            assertThat(scanned.of("delete from t where id = ? and k = " + i)).isEqualTo(1);
        }
        assertThat(scanned.scans()).as("bounded: texts that meet in a slot replace each other").isGreaterThan(3 + 16);
        assertThat(scanned.of(insert)).isEqualTo(2);
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
