package io.dualaccess.shadow;

import io.dualaccess.sql.StatementInfo;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads the shadow path had no room for, tallied per fingerprint on the application's thread
 * without allocating (after a fingerprint's first drop), and handed out as one aggregate per
 * fingerprint and interval ({@link #drain}). The exact total is {@link #total()}. Apart from the
 * event log's writer: it only decides what is published, not how it is written.
 */
final class DroppedReads {

    /** Fingerprints tallied apart; drops of further fingerprints are tallied under {@link #OTHER}. */
    static final int MAX_FINGERPRINTS = 10_000;
    /** The fingerprint of the tally of drops beyond {@link #MAX_FINGERPRINTS} fingerprints. */
    static final String OTHER = "*";

    /** One fingerprint's drops since the last drain, and the first read dropped (its SQL and tables name the event). */
    static final class Tally {
        final StatementInfo info;
        final String sql;
        // getAndSet on drain: nothing counted while draining is lost (a LongAdder's sumThenReset could lose it).
        final AtomicLong count = new AtomicLong();
        final AtomicLong rows = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        Tally(StatementInfo info, String sql) {
            this.info = info;
            this.sql = sql;
        }
    }

    /** What one drain hands out for a fingerprint. */
    record Aggregate(Tally tally, long count, long rows, long nanos) {
    }

    private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** Counts one dropped read that had read {@code rows} rows in {@code nanos} on the authoritative side. */
    void add(StatementInfo info, String sql, long rows, long nanos) {
        total.incrementAndGet();
        String fp = info.fingerprint();
        Tally t = tallies.get(fp);
        if (t == null) {
            t = tallies.size() < MAX_FINGERPRINTS ? tallies.computeIfAbsent(fp, k -> new Tally(info, sql))
                : tallies.computeIfAbsent(OTHER, k -> new Tally(null, OTHER));
        }
        t.count.incrementAndGet();
        t.rows.addAndGet(rows);
        t.nanos.addAndGet(nanos);
    }

    /** Reads dropped since start: exact, whatever was aggregated. */
    long total() {
        return total.get();
    }

    /** Hands out each fingerprint's drops since the last drain (none for a fingerprint without drops). */
    void drain(Consumer<Aggregate> sink) {
        for (Tally t : tallies.values()) {
            long n = t.count.getAndSet(0);
            if (n > 0) {
                sink.accept(new Aggregate(t, n, t.rows.getAndSet(0), t.nanos.getAndSet(0)));
            }
        }
    }
}
