package io.dualaccess.shadow;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writes this process has in flight through dualaccess, per table, so the re-check of a
 * mismatching read can tell a moment when its tables were quiet (a difference then is B's data)
 * from one when a write could have landed on one side and not yet on the other. A table is in
 * flight while a transaction that wrote it is open (from its first write to it until the
 * transaction ended, after its commit reached both sides) and for a moment after an auto-commit
 * write began (its commit on A and its mirror on B happen inside the statement). A connection
 * remembers the tables its transaction wrote as bits of one {@code long} (HikariCP's dirty bits):
 * no object per write.
 *
 * <p>The first {@value #TABLE_BITS} tables named get a bit of their own; later ones share the
 * overflow bit (a transaction holding it holds all of them), and a batch, whose tables are not
 * known here, holds every table. Memory stays bounded: past {@value #MAX_TABLES} tables, a
 * table's write holds every table too. Writes from other processes are not seen.
 */
final class TableWrites {

    /** Tables with a bit of their own. */
    static final int TABLE_BITS = 62;
    /** Tables remembered by name; writes to others count for every table. */
    static final int MAX_TABLES = 10_000;
    private static final int OVERFLOW_BIT = 62;
    private static final int ANY_TABLE_BIT = 63;
    private static final long NEVER = Long.MIN_VALUE;
    /** How long an open transaction holds its tables in flight after its last write to them. */
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** A table's (or a group of tables') last write or end of a writing transaction (nanoTime), and its open transactions. */
    private static final class Slot {
        final int bit;
        volatile long last = NEVER;
        final AtomicInteger open = new AtomicInteger();

        Slot(int bit) {
            this.bit = bit;
        }

        boolean quietSince(long since) {
            long l = last;
            if (l == NEVER) {
                return true;
            }
            // A transaction holding the table for longer than STALE_NANOS without a write is left out:
            // a connection whose end this process never saw (COMMIT sent as SQL text) holds nothing for long.
            return l - since < 0 && (open.get() == 0 || since - l > STALE_NANOS);
        }
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final Slot[] byBit = new Slot[TABLE_BITS];
    private final AtomicInteger bits = new AtomicInteger();
    /** Tables sharing the overflow bit, together. */
    private final Slot overflow = new Slot(OVERFLOW_BIT);
    /** Writes whose tables are not known (a batch, a table past {@link #MAX_TABLES}): every table. */
    private final Slot anyTable = new Slot(ANY_TABLE_BIT);

    /**
     * Notes a write to {@code tables} beginning now ({@code System.nanoTime()}).
     *
     * @param inTransaction whether it belongs to an open transaction (which holds its tables until {@link #ended})
     * @param held the bits the transaction holds already
     * @return the bits of the write's tables, for the transaction to hold
     */
    long wrote(List<String> tables, long now, boolean inTransaction, long held) {
        long mask = 0;
        for (int i = 0; i < tables.size(); i++) {
            Slot s = slot(tables.get(i));
            if (s == null) {
                s = anyTable;
            } else if (s.bit == OVERFLOW_BIT) {
                s.last = now;
                s = overflow;
            }
            s.last = now;
            long bit = 1L << s.bit;
            if (inTransaction && ((held | mask) & bit) == 0) {
                s.open.incrementAndGet();
            }
            mask |= bit;
        }
        return mask;
    }

    /** Notes a write whose tables are not known (a batch): it holds every table. */
    long wroteUnknown(long now, boolean inTransaction, long held) {
        anyTable.last = now;
        long bit = 1L << ANY_TABLE_BIT;
        if (inTransaction && (held & bit) == 0) {
            anyTable.open.incrementAndGet();
        }
        return bit;
    }

    /** A transaction holding {@code mask} ended now (committed on both sides, or rolled back, or its connection closed). */
    void ended(long mask, long now) {
        long left = mask;
        while (left != 0) {
            int bit = Long.numberOfTrailingZeros(left);
            left &= left - 1;
            Slot s = bit == ANY_TABLE_BIT ? anyTable : bit == OVERFLOW_BIT ? overflow : byBit[bit];
            if (s != null) {
                s.last = now;
                s.open.decrementAndGet();
            }
        }
    }

    /**
     * Whether none of {@code tables} had a write in flight: no open transaction holds it, and no
     * write began or writing transaction ended at or after {@code since}.
     */
    boolean quietSince(List<String> tables, long since) {
        if (!anyTable.quietSince(since)) {
            return false;
        }
        for (int i = 0; i < tables.size(); i++) {
            Slot s = slots.get(tables.get(i));
            if (s == null) {
                continue;
            }
            if (!s.quietSince(since) || s.bit == OVERFLOW_BIT && !overflow.quietSince(since)) {
                return false;
            }
        }
        return true;
    }

    /** The table's slot, made on its first write; null past {@link #MAX_TABLES}. */
    private Slot slot(String table) {
        Slot s = slots.get(table);
        if (s != null) {
            return s;
        }
        if (slots.size() >= MAX_TABLES) {
            return null;
        }
        return slots.computeIfAbsent(table, t -> {
            int bit = bits.getAndIncrement();
            if (bit >= TABLE_BITS) {
                return new Slot(OVERFLOW_BIT);
            }
            Slot made = new Slot(bit);
            byBit[bit] = made;
            return made;
        });
    }
}
