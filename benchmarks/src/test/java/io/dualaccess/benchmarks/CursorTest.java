package io.dualaccess.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

class CursorTest {

    @Test
    void visitsEveryIdOncePerLap() {
        Cursor c = new Cursor();
        BitSet seen = new BitSet();
        for (int i = 0; i < Fixture.ROWS; i++) {
            int id = c.nextId();
            assertThat(id).isBetween(1, Fixture.ROWS);
            seen.set(id);
        }
        assertThat(seen.cardinality()).isEqualTo(Fixture.ROWS);
    }

    @Test
    void rangesStayInsideTheTable() {
        Cursor c = new Cursor();
        for (int i = 0; i < 2 * Fixture.ROWS; i++) {
            int from = c.nextRangeStart();
            assertThat(from).isGreaterThanOrEqualTo(1);
            assertThat(from + Fixture.RANGE - 1).isLessThanOrEqualTo(Fixture.ROWS);
        }
    }
}
