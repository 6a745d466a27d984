package io.dualaccess.cli.report;

/** What the report knows about one group of events (all, one table, one fingerprint, one time bucket). */
final class Aggregate {

    final OutcomeCounts outcomes = new OutcomeCounts();
    final Latency a;
    final Latency b;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    /** The latest event that was neither a match nor dropped; null when there was none. */
    Problem latestProblem;
    /** The latest event that carried a diff (read mismatches); null when there was none. */
    Problem latestDiff;
    /** For a fingerprint: the latest statement text seen for it. */
    String exampleSql;
    /**
     * For a fingerprint: the latest SQL that B ran instead of the application's ({@code b.sql}:
     * translated for B's dialect or names, or an override), or null when B ran the application's.
     */
    String exampleBSql;
    /** For a fingerprint: the same for A, the shadow side in {@code live} ({@code a.sql}), or null. */
    String exampleASql;
    /** Events whose shadow side ran other SQL than the application's ({@code translated}). */
    long translated;
    /** False when some of this group's events may have been folded into "other" earlier. */
    boolean exact = true;

    Aggregate(int significantDigits) {
        this.a = new Latency(significantDigits);
        this.b = new Latency(significantDigits);
    }

    void add(LogEvent e) {
        outcomes.add(e.outcome, e.count);
        // An aggregated event (count) stands for its statements: its ms are their sum.
        if (e.translated || e.a.sql != null || e.b.sql != null) {
            translated += e.count;
        }
        if (e.a.timed()) {
            a.recordMillis(e.a.ms, e.count);
        }
        if (e.b.timed()) {
            b.recordMillis(e.b.ms, e.count);
        }
        firstMillis = Math.min(firstMillis, e.epochMillis);
        lastMillis = Math.max(lastMillis, e.epochMillis);
        Problem recorded = null;
        if (!"match".equals(e.outcome) && !"dropped".equals(e.outcome)
            && (latestProblem == null || e.epochMillis >= latestProblem.epochMillis())) {
            recorded = Problem.of(e);
            latestProblem = recorded;
        }
        if (e.diffJson != null && (latestDiff == null || e.epochMillis >= latestDiff.epochMillis())) {
            latestDiff = recorded != null ? recorded : Problem.of(e);
        }
    }

    void addAll(Aggregate other) {
        outcomes.addAll(other.outcomes);
        translated += other.translated;
        a.addAll(other.a);
        b.addAll(other.b);
        firstMillis = Math.min(firstMillis, other.firstMillis);
        lastMillis = Math.max(lastMillis, other.lastMillis);
        if (other.latestProblem != null
            && (latestProblem == null || other.latestProblem.epochMillis() > latestProblem.epochMillis())) {
            latestProblem = other.latestProblem;
        }
        if (other.latestDiff != null
            && (latestDiff == null || other.latestDiff.epochMillis() > latestDiff.epochMillis())) {
            latestDiff = other.latestDiff;
        }
    }
}
