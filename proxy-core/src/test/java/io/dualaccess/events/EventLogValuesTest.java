package io.dualaccess.events;

import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.param.Setter;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How values appear in the comparison log with {@code dualaccess.log.values=full}. */
class EventLogValuesTest {

    private static String written(ComparisonEvent e) throws Exception {
        StringWriter out = new StringWriter();
        EventLog.write(out, e);
        return out.toString();
    }

    /** A DECIMAL on one side and an INTEGER on the other are both numbers, each with every digit. */
    @Test
    void exactNumbersAreWrittenAsNumbersLikeTheOtherSide() throws Exception {
        ValueRenderer full = ValueRenderer.FULL;
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("value_a", full.value(new BigDecimal("89.990")));
        diff.put("value_b", full.value(90));
        diff.put("big", full.value(new BigDecimal("1E+3")));
        diff.put("huge", full.value(new java.math.BigInteger("123456789012345678901234567890")));
        List<Object> params = full.params(new Param[] {new Param(1, Setter.values()[0], new BigDecimal("0.10"), null, null)});
        ComparisonEvent e = new ComparisonEvent(0, "read", "shadow-read", Outcome.MISMATCH, null, "f", "select 1",
            params, SideResult.NOT_RUN, SideResult.NOT_RUN, List.of("t"), null, List.of(), diff, (Map<String, Object>) null);

        String json = written(e);

        assertThat(json).contains("\"value_a\":89.990,", "\"value_b\":90,", "\"huge\":123456789012345678901234567890")
            .as("plain, no exponent").contains("\"big\":1000");
        assertThat(json).contains("\"params\":[0.10]");
    }

    /** The journal keeps exact numbers as text: it must give repair the value exactly as bound. */
    @Test
    void theJournalFormKeepsExactNumbersAsText() {
        assertThat(ValueRenderer.full(new BigDecimal("89.990"))).isEqualTo("89.990");
    }
}
