package io.dualaccess.shadow;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tables have writes in flight, with the clock given (no waiting). */
class TableWritesTest {

    private static final List<String> ORDERS = List.of("purchase_order");
    private static final List<String> OTHER = List.of("customer");

    @Test
    void anAutoCommitWriteIsInFlightFromItsStartOnly() {
        TableWrites w = new TableWrites();
        assertThat(w.quietSince(ORDERS, 0)).isTrue();
        assertThat(w.wrote(ORDERS, 100, false, 0)).isNotZero();
        assertThat(w.quietSince(ORDERS, 100)).isFalse();
        assertThat(w.quietSince(ORDERS, 101)).isTrue();
        assertThat(w.quietSince(OTHER, 0)).as("another table").isTrue();
    }

    @Test
    void aTransactionHoldsItsTablesUntilItEnds() {
        TableWrites w = new TableWrites();
        long held = w.wrote(ORDERS, 100, true, 0);
        held |= w.wrote(ORDERS, 110, true, held);
        assertThat(w.quietSince(ORDERS, 1_000)).as("open, long after its last write").isFalse();
        w.ended(held, 2_000);
        assertThat(w.quietSince(ORDERS, 2_000)).as("its end is a moment its commit may still land").isFalse();
        assertThat(w.quietSince(ORDERS, 2_001)).as("both writes counted once: one end releases them").isTrue();
    }

    @Test
    void twoOpenTransactionsHoldTheTableUntilBothEnd() {
        TableWrites w = new TableWrites();
        long first = w.wrote(ORDERS, 100, true, 0);
        long second = w.wrote(ORDERS, 200, true, 0);
        w.ended(first, 300);
        assertThat(w.quietSince(ORDERS, 400)).isFalse();
        w.ended(second, 500);
        assertThat(w.quietSince(ORDERS, 501)).isTrue();
    }

    @Test
    void aTransactionWhoseEndIsNeverSeenIsLeftOutAfterAWhile() {
        TableWrites w = new TableWrites();
        w.wrote(ORDERS, 0, true, 0);
        assertThat(w.quietSince(ORDERS, TableWrites.STALE_NANOS)).isFalse();
        assertThat(w.quietSince(ORDERS, TableWrites.STALE_NANOS + 1)).isTrue();
    }

    @Test
    void aBatchHoldsEveryTable() {
        TableWrites w = new TableWrites();
        long held = w.wroteUnknown(100, true, 0);
        assertThat(w.quietSince(OTHER, 1_000)).isFalse();
        w.ended(held, 1_000);
        assertThat(w.quietSince(OTHER, 1_001)).isTrue();
    }

    @Test
    void tablesPastTheBitsShareOneAndAreStillHeld() {
        TableWrites w = new TableWrites();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < TableWrites.TABLE_BITS + 5; i++) {
            many.add("t" + i);
        }
        long held = w.wrote(many, 100, true, 0);
        String last = many.get(many.size() - 1);
        assertThat(w.quietSince(List.of(last), 1_000)).isFalse();
        assertThat(w.quietSince(List.of("t0"), 1_000)).isFalse();
        w.ended(held, 2_000);
        assertThat(w.quietSince(List.of(last), 2_001)).isTrue();
        assertThat(w.quietSince(List.of("t0"), 2_001)).isTrue();
    }
}
