package io.dualaccess.events;

import io.dualaccess.context.RequestContext;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Statements of the aggregated outcomes ({@code dualaccess.log.aggregate}), tallied per kind,
 * phase, outcome, reason and fingerprint on the thread that observed them, and handed out as one
 * event per such aggregate and interval ({@link #drain}). After an aggregate's first statement a
 * statement costs a map lookup by its fingerprint, a scan of that fingerprint's few aggregates, and
 * a handful of atomic additions: no event, no parameters, no JSON.
 */
final class Aggregates {

    /** Fingerprints tallied apart; statements of further fingerprints are tallied under {@link #OTHER}. */
    static final int MAX_FINGERPRINTS = 10_000;
    /** Aggregates (kind, phase, outcome, reason) per fingerprint; further ones are tallied under {@link #OTHER}. */
    static final int MAX_PER_FINGERPRINT = 64;
    /** The fingerprint (and SQL) of the aggregates of statements beyond the bounds. */
    static final String OTHER = "*";

    /** One aggregate: what names it, its first statement, and its sums since the last drain. */
    static final class Slot {
        final String kind;
        final String phase;
        final Outcome outcome;
        final String reason;
        final String fingerprint;
        final String sql;
        final List<String> tables;
        final List<String> nondeterministic;
        /** The first statement's sides (their error, their own SQL, rows or update count) and diff. */
        final SideResult firstA;
        final SideResult firstB;
        final Map<String, Object> diff;
        // getAndSet on drain: nothing counted while draining is lost.
        final AtomicLong count = new AtomicLong();
        final AtomicLong aCount = new AtomicLong();
        final AtomicLong aNanos = new AtomicLong();
        final AtomicLong bCount = new AtomicLong();
        final AtomicLong bNanos = new AtomicLong();
        /** Whether any statement had a count (update count or rows) on side A, B: else the sum is -1 (not run). */
        volatile boolean aCounted;
        volatile boolean bCounted;
        /** The statement counters' tallies for this aggregate's kind and outcome, resolved for a version of the listeners. */
        volatile Resolved resolved = Resolved.NONE;

        Slot(String kind, String phase, Outcome outcome, String reason, String fingerprint, String sql, List<String> tables,
             List<String> nondeterministic, SideResult a, SideResult b, Map<String, Object> diff) {
            this.kind = kind;
            this.phase = phase;
            this.outcome = outcome;
            this.reason = reason;
            this.fingerprint = fingerprint;
            this.sql = sql;
            this.tables = tables;
            this.nondeterministic = nondeterministic;
            this.firstA = a;
            this.firstB = b;
            this.diff = diff;
        }

        boolean is(String k, String p, Outcome o, String r) {
            return outcome == o && (kind == k || kind.equals(k)) && (phase == p || Objects.equals(phase, p))
                && (reason == r || Objects.equals(reason, r));
        }

        void add(int statements, SideResult a, SideResult b) {
            count.addAndGet(statements);
            if (a.count() >= 0) {
                aCount.addAndGet(a.count() * statements);
                if (!aCounted) {
                    aCounted = true;
                }
            }
            if (a.nanos() > 0) {
                aNanos.addAndGet(a.nanos() * statements);
            }
            if (b.count() >= 0) {
                bCount.addAndGet(b.count() * statements);
                if (!bCounted) {
                    bCounted = true;
                }
            }
            if (b.nanos() > 0) {
                bNanos.addAndGet(b.nanos() * statements);
            }
        }
    }

    /** Tallies of the statement counters, for one version of the log's listeners. */
    record Resolved(int version, StatementCounter.Tally[] tallies) {
        static final Resolved NONE = new Resolved(-1, new StatementCounter.Tally[0]);
    }

    private final ConcurrentHashMap<String, Slot[]> slots = new ConcurrentHashMap<>();

    /**
     * Whether the aggregate of such a statement exists already (made by an earlier statement): then
     * the statement's own SQL, sides' details and diff are not used, only its sums.
     */
    boolean exists(String kind, String phase, Outcome outcome, String reason, String fingerprint) {
        Slot[] known = slots.get(fingerprint == null ? OTHER : fingerprint);
        if (known == null) {
            return false;
        }
        for (Slot s : known) {
            if (s.is(kind, phase, outcome, reason)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The aggregate of a statement, made on its first statement (which names it: SQL, tables, sides, diff).
     */
    Slot slot(String kind, String phase, Outcome outcome, String reason, String fingerprint, String sql,
              List<String> tables, List<String> nondeterministic, SideResult a, SideResult b, Map<String, Object> diff) {
        String fp = fingerprint == null ? OTHER : fingerprint;
        Slot[] known = slots.get(fp);
        if (known != null) {
            for (Slot s : known) {
                if (s.is(kind, phase, outcome, reason)) {
                    return s;
                }
            }
            if (known.length >= MAX_PER_FINGERPRINT) {
                return other(kind, phase, outcome, reason, a, b);
            }
        } else if (slots.size() >= MAX_FINGERPRINTS) {
            return other(kind, phase, outcome, reason, a, b);
        }
        return add(fp, new Slot(kind, phase, outcome, reason, fp, sql, tables, nondeterministic, a, b, diff));
    }

    private Slot other(String kind, String phase, Outcome outcome, String reason, SideResult a, SideResult b) {
        Slot[] known = slots.get(OTHER);
        if (known != null) {
            for (Slot s : known) {
                if (s.is(kind, phase, outcome, reason)) {
                    return s;
                }
            }
        }
        return add(OTHER, new Slot(kind, phase, outcome, reason, OTHER, OTHER, List.of(), List.of(),
            new SideResult(-1, 0, null, a.rows(), null), new SideResult(-1, 0, null, b.rows(), null), null));
    }

    /** Adds an aggregate to its fingerprint's, unless another thread added the same one first (that one is answered). */
    private Slot add(String fp, Slot made) {
        Slot[] now = slots.compute(fp, (k, old) -> {
            if (old == null) {
                return new Slot[] {made};
            }
            for (Slot s : old) {
                if (s.is(made.kind, made.phase, made.outcome, made.reason)) {
                    return old;
                }
            }
            Slot[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = made;
            return grown;
        });
        for (Slot s : now) {
            if (s.is(made.kind, made.phase, made.outcome, made.reason)) {
                return s;
            }
        }
        return made;
    }

    /**
     * Hands out one event per aggregate with statements since the last drain, with their count and
     * sums (none for an aggregate without statements).
     */
    void drain(long epochMillis, Consumer<ComparisonEvent> sink) {
        for (Slot[] fp : slots.values()) {
            for (Slot s : fp) {
                long n = s.count.getAndSet(0);
                if (n > 0) {
                    sink.accept(event(s, epochMillis, n));
                }
            }
        }
    }

    private static ComparisonEvent event(Slot s, long epochMillis, long n) {
        long aSum = s.aCount.getAndSet(0);
        long bSum = s.bCount.getAndSet(0);
        SideResult a = new SideResult(s.aCounted ? aSum : -1, s.aNanos.getAndSet(0), s.firstA.error(), s.firstA.rows(),
            s.firstA.sql());
        SideResult b = new SideResult(s.bCounted ? bSum : -1, s.bNanos.getAndSet(0), s.firstB.error(), s.firstB.rows(),
            s.firstB.sql());
        return new ComparisonEvent(epochMillis, s.kind, s.phase, s.outcome, s.reason, s.fingerprint, s.sql, null, a, b,
            s.tables, null, s.nondeterministic, s.diff, null, (RequestContext) null, null, null, n);
    }
}
