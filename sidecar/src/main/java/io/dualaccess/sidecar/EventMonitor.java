package io.dualaccess.sidecar;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.Outcome;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the admin server knows about comparisons, fed by the comparison log's listener hook on the
 * thread that publishes each event (the application's or a shadow worker's): counters, a bounded
 * ring of recent non-matching events, the fingerprints that mismatch most, and the interval sums
 * the {@link Series} sampler takes. Every structure is bounded; the common case (a match) only
 * adds to counters, and nothing here waits on I/O.
 */
final class EventMonitor implements Consumer<ComparisonEvent> {

    /** Outcomes kept in the recent ring: the ones that say B did not answer like A. */
    static final List<Outcome> NOTABLE = List.of(Outcome.MISMATCH, Outcome.TRANSIENT, Outcome.B_ERROR, Outcome.TIMEOUT);

    private final int recentCapacity;
    private final int maxFingerprints;
    private final Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
    private final ArrayDeque<ComparisonEvent> recent;
    private final Map<String, FingerprintStats> fingerprints = new ConcurrentHashMap<>();
    private final AtomicInteger fingerprintCount = new AtomicInteger();
    private final LongAdder fingerprintsNotTracked = new LongAdder();

    // Sums since the last sample (Series takes and resets them).
    final LongAdder compared = new LongAdder();
    final LongAdder mismatched = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder aNanos = new LongAdder();
    final LongAdder aCount = new LongAdder();
    final LongAdder bNanos = new LongAdder();
    final LongAdder bCount = new LongAdder();

    /**
     * @param recentCapacity non-matching events kept for {@code /mismatches}
     * @param maxFingerprints distinct mismatching fingerprints tracked (later ones are counted only)
     */
    EventMonitor(int recentCapacity, int maxFingerprints) {
        this.recentCapacity = recentCapacity;
        this.maxFingerprints = maxFingerprints;
        this.recent = new ArrayDeque<>(recentCapacity);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, new LongAdder());
        }
    }

    @Override
    public void accept(ComparisonEvent e) {
        Outcome o = e.outcome();
        byOutcome.get(o).increment();
        switch (o) {
            case MATCH, TRANSIENT -> compared.increment();
            case MISMATCH -> {
                compared.increment();
                mismatched.increment();
                fingerprint(e);
            }
            case B_ERROR, TIMEOUT -> failed.increment();
            default -> {
                // skipped and dropped are counted by outcome only
            }
        }
        if (e.a().nanos() > 0) {
            aNanos.add(e.a().nanos());
            aCount.increment();
        }
        if (e.b().nanos() > 0) {
            bNanos.add(e.b().nanos());
            bCount.increment();
        }
        if (NOTABLE.contains(o)) {
            synchronized (recent) {
                if (recent.size() == recentCapacity) {
                    recent.removeFirst();
                }
                recent.addLast(e);
            }
        }
    }

    private void fingerprint(ComparisonEvent e) {
        FingerprintStats s = fingerprints.get(e.fingerprint());
        if (s == null) {
            if (fingerprintCount.get() >= maxFingerprints) {
                fingerprintsNotTracked.increment();
                return;
            }
            s = fingerprints.computeIfAbsent(e.fingerprint(), f -> {
                fingerprintCount.incrementAndGet();
                return new FingerprintStats();
            });
        }
        s.count.increment();
        s.latest = e;
    }

    /** Events per outcome since the admin server started. */
    Map<String, Long> countsByOutcome() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<Outcome, LongAdder> en : byOutcome.entrySet()) {
            out.put(en.getKey().value(), en.getValue().sum());
        }
        return out;
    }

    long count(Outcome o) {
        return byOutcome.get(o).sum();
    }

    /** Mismatches of fingerprints beyond the tracked number. */
    long fingerprintsNotTracked() {
        return fingerprintsNotTracked.sum();
    }

    /**
     * Recent non-matching events, newest first.
     *
     * @param outcome only this outcome, or null for every notable one
     * @param table only events touching this table (case-insensitive; {@code orders} matches {@code shop.orders}), or null
     * @param fingerprint only this fingerprint, or null
     * @param path only events of requests whose path starts with this, or null
     * @param limit at most this many
     */
    List<ComparisonEvent> recent(Outcome outcome, String table, String fingerprint, String path, int limit) {
        List<ComparisonEvent> snapshot;
        synchronized (recent) {
            snapshot = new ArrayList<>(recent);
        }
        List<ComparisonEvent> out = new ArrayList<>();
        for (int i = snapshot.size() - 1; i >= 0 && out.size() < limit; i--) {
            ComparisonEvent e = snapshot.get(i);
            if (outcome != null && e.outcome() != outcome) {
                continue;
            }
            if (fingerprint != null && !fingerprint.equals(e.fingerprint())) {
                continue;
            }
            if (path != null && (e.request() == null || !e.request().path().startsWith(path))) {
                continue;
            }
            if (table != null && !touches(e, table)) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    static boolean touches(ComparisonEvent e, String table) {
        String wanted = table.toLowerCase(Locale.ROOT);
        for (String t : e.tables()) {
            String have = t.toLowerCase(Locale.ROOT);
            String bare = have.contains(".") ? have.substring(have.lastIndexOf('.') + 1) : have;
            if (have.equals(wanted) || bare.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The fingerprints with the most mismatches, each with its latest event. */
    List<Top> top(int limit) {
        List<Top> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, FingerprintStats>> it = fingerprints.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, FingerprintStats> en = it.next();
            ComparisonEvent latest = en.getValue().latest;
            if (latest != null) {
                all.add(new Top(en.getKey(), en.getValue().count.sum(), latest));
            }
        }
        all.sort(Comparator.comparingLong(Top::count).reversed().thenComparing(Top::fingerprint));
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** One mismatching fingerprint: how often, and its latest event (with its diff). */
    record Top(String fingerprint, long count, ComparisonEvent latest) {
    }

    private static final class FingerprintStats {
        final LongAdder count = new LongAdder();
        volatile ComparisonEvent latest;
    }
}
