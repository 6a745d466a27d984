package io.dualaccess.sidecar;

import io.dualaccess.Phase;
import io.dualaccess.context.PathTemplate;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.NotableEvents;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.StatementCounter;

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
 * adds to counters, and nothing here waits on I/O. Statements of aggregated outcomes
 * ({@code dualaccess.log.aggregate}) are counted one by one as they happen ({@link #tally}), so the
 * counts and the charts do not wait for the log's aggregated events.
 */
final class EventMonitor implements Consumer<ComparisonEvent>, StatementCounter {

    private final int maxFingerprints;
    private final Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
    private final NotableEvents recent;
    private final Map<String, FingerprintStats> fingerprints = new ConcurrentHashMap<>();
    private final AtomicInteger fingerprintCount = new AtomicInteger();
    private final LongAdder fingerprintsNotTracked = new LongAdder();
    /** Request paths as templates ({@code /products/{id}}), each with its counts; bounded. */
    private final Map<String, PathStats> paths = new ConcurrentHashMap<>();
    private final PathStats otherPaths = new PathStats();
    /** Phase changes applied, oldest first, for the charts' markers; bounded. */
    private final ArrayDeque<PhaseMark> phaseMarks = new ArrayDeque<>();

    /** Minutes a fingerprint's sparkline covers (one bar a minute). */
    static final int SPARK_MINUTES = 30;
    /** Distinct request path templates tracked (later ones are counted under "other"). */
    static final int MAX_PATHS = 200;
    /** Phase changes remembered for the charts. */
    static final int MAX_PHASE_MARKS = 100;

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
        this.maxFingerprints = maxFingerprints;
        this.recent = new NotableEvents(recentCapacity);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, new LongAdder());
        }
    }

    @Override
    public void accept(ComparisonEvent e) {
        Outcome o = e.outcome();
        // An aggregated event (dropped reads) stands for count statements.
        byOutcome.get(o).add(Math.max(1, e.count()));
        switch (o) {
            case MATCH, TRANSIENT -> compared.increment();
            case MISMATCH -> {
                compared.increment();
                mismatched.increment();
                fingerprint(e);
            }
            case B_ERROR, TIMEOUT -> failed.increment();
            case APPLIED -> {
                // a phase change marks the charts; a sync's periodic state (kind sync) does not
                if ("phase".equals(e.kind())) {
                    phaseChanged(e);
                }
            }
            default -> {
                // skipped and dropped are counted by outcome only
            }
        }
        if (e.request() != null && e.request().path() != null) {
            path(e.request().path(), o, 1);
        }
        if (e.a().nanos() > 0) {
            aNanos.add(e.a().nanos());
            aCount.increment();
        }
        if (e.b().nanos() > 0) {
            bNanos.add(e.b().nanos());
            bCount.increment();
        }
        recent.keep(e);
    }

    /** An aggregate of statements counted already ({@code transient} reads, say): kept if notable, not counted again. */
    @Override
    public void aggregated(ComparisonEvent e) {
        recent.keep(e);
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
        s.seen(e.epochMillis());
    }

    /** Statements of an aggregated outcome (match, skipped), counted as each happens; resolved once per aggregate. */
    @Override
    public Tally tally(String kind, Outcome outcome) {
        LongAdder counted = byOutcome.get(outcome);
        boolean compares = outcome == Outcome.MATCH || outcome == Outcome.TRANSIENT;
        return (request, statements, a, b) -> {
            counted.add(statements);
            if (compares) {
                compared.add(statements);
            }
            if (request != null && request.path() != null) {
                path(request.path(), outcome, statements);
            }
            if (a > 0) {
                aNanos.add(a * statements);
                aCount.add(statements);
            }
            if (b > 0) {
                bNanos.add(b * statements);
                bCount.add(statements);
            }
        };
    }

    private void path(String path, Outcome o, int statements) {
        String template = PathTemplate.of(path);
        PathStats p = paths.get(template);
        if (p == null) {
            p = paths.size() < MAX_PATHS ? paths.computeIfAbsent(template, t -> new PathStats()) : otherPaths;
        }
        p.events.add(statements);
        if (o == Outcome.MISMATCH) {
            p.mismatches.add(statements);
        }
        if (o.diverged() && o != Outcome.SKIPPED) {
            p.problems.add(statements);
        }
    }

    private void phaseChanged(ComparisonEvent e) {
        Map<String, Object> change = e.change() == null ? Map.of() : e.change();
        Object table = change.get("table");
        String phase = table == null ? e.phase() : tablePhase(change.get("to_reads"), change.get("to_writes"));
        synchronized (phaseMarks) {
            if (phaseMarks.size() == MAX_PHASE_MARKS) {
                phaseMarks.removeFirst();
            }
            phaseMarks.addLast(new PhaseMark(e.epochMillis(), phase, table == null ? null : String.valueOf(table)));
        }
    }

    /** A table's axes as the phase they make up ({@code shadow-read}), else as the axes. */
    private static String tablePhase(Object reads, Object writes) {
        for (Phase p : Phase.values()) {
            if (p.reads().configValue().equals(reads) && p.writes().configValue().equals(writes)) {
                return p.configValue();
            }
        }
        return "reads " + reads + ", writes " + writes;
    }

    /** Phase changes applied, oldest first. */
    List<PhaseMark> phaseMarks() {
        synchronized (phaseMarks) {
            return new ArrayList<>(phaseMarks);
        }
    }

    /** Events per request path template, most problems first, then most events; "other" last when used. */
    List<PathRow> byPath(int limit) {
        List<PathRow> out = new ArrayList<>();
        for (Map.Entry<String, PathStats> en : paths.entrySet()) {
            PathStats p = en.getValue();
            out.add(new PathRow(en.getKey(), p.events.sum(), p.mismatches.sum(), p.problems.sum()));
        }
        out.sort(Comparator.comparingLong(PathRow::problems).reversed().thenComparing(
            Comparator.comparingLong(PathRow::events).reversed()).thenComparing(PathRow::path));
        List<PathRow> shown = out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
        if (otherPaths.events.sum() > 0) {
            shown.add(new PathRow("other", otherPaths.events.sum(), otherPaths.mismatches.sum(), otherPaths.problems.sum()));
        }
        return shown;
    }

    /** One request path template: events, mismatches, and problems (outcomes after which B may differ). */
    record PathRow(String path, long events, long mismatches, long problems) {
    }

    /** A phase change: when, to what, and the table for a per-table change (null for the global phase). */
    record PhaseMark(long epochMillis, String phase, String table) {
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
        List<ComparisonEvent> out = new ArrayList<>();
        for (ComparisonEvent e : recent.newestFirst()) {
            if (out.size() == limit) {
                break;
            }
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
                FingerprintStats st = en.getValue();
                all.add(new Top(en.getKey(), st.count.sum(), latest, st.lastSeen, st.sparkline(System.currentTimeMillis())));
            }
        }
        all.sort(Comparator.comparingLong(Top::count).reversed().thenComparing(Top::fingerprint));
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /**
     * One mismatching fingerprint: how often, its latest event (with its diff), when it was last
     * seen, and its mismatches per minute over the last {@value #SPARK_MINUTES} minutes (oldest first).
     */
    record Top(String fingerprint, long count, ComparisonEvent latest, long lastSeenMillis, long[] perMinute) {
    }

    private static final class PathStats {
        final LongAdder events = new LongAdder();
        final LongAdder mismatches = new LongAdder();
        final LongAdder problems = new LongAdder();
    }

    private static final class FingerprintStats {
        final LongAdder count = new LongAdder();
        volatile ComparisonEvent latest;
        volatile long lastSeen;
        /** Mismatches per minute, a ring indexed by minute; {@code minute} is the newest minute counted. */
        private final long[] ring = new long[SPARK_MINUTES];
        private long minute = Long.MIN_VALUE;

        synchronized void seen(long epochMillis) {
            lastSeen = Math.max(lastSeen, epochMillis);
            long m = Math.floorDiv(epochMillis, 60_000L);
            advance(m);
            if (m > minute - SPARK_MINUTES) {
                ring[(int) Math.floorMod(m, (long) SPARK_MINUTES)]++;
            }
        }

        private void advance(long m) {
            if (minute == Long.MIN_VALUE) {
                minute = m;
                return;
            }
            for (long x = minute + 1; x <= m && x <= minute + SPARK_MINUTES; x++) {
                ring[(int) Math.floorMod(x, (long) SPARK_MINUTES)] = 0;
            }
            if (m - minute >= SPARK_MINUTES) {
                java.util.Arrays.fill(ring, 0);
            }
            minute = Math.max(minute, m);
        }

        synchronized long[] sparkline(long nowMillis) {
            advance(Math.floorDiv(nowMillis, 60_000L));
            long[] out = new long[SPARK_MINUTES];
            for (int i = 0; i < SPARK_MINUTES; i++) {
                long m = minute - (SPARK_MINUTES - 1) + i;
                out[i] = ring[(int) Math.floorMod(m, (long) SPARK_MINUTES)];
            }
            return out;
        }
    }
}
