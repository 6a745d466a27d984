package io.dualaccess.cli.report;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report for a terminal ({@code --format text}, the default). */
final class TextReport {

    private static final int SQL_WIDTH = 100;

    private TextReport() {
    }

    static void write(Summary s, PrintWriter out) {
        out.println("dualaccess report — " + s.counted() + " events counted of " + s.events + " read from "
            + s.inputs.size() + (s.inputs.size() == 1 ? " file" : " files"));
        for (Summary.Input in : s.inputs) {
            out.printf(Locale.ROOT, "  %s: %d lines, %d events, %d malformed%s%n", in.file, in.lines, in.events,
                in.malformed, in.error == null ? "" : " — stopped early: " + in.error);
        }
        if (!s.filter.isEmpty()) {
            out.println("  filters: " + filters(s.filter) + " (" + s.filteredOut + " events left out)");
        }
        if (s.counted() > 0) {
            out.println("  from " + Instant.ofEpochMilli(s.totals.firstMillis) + " to "
                + Instant.ofEpochMilli(s.totals.lastMillis));
        }
        out.println();

        out.println("Totals");
        out.println("  outcomes:      " + outcomes(s.totals));
        out.println("  kinds:         " + kinds(s.kinds));
        out.println("  mismatch rate: " + rate(s.totals) + " (mismatches / compared: match, mismatch, transient)");
        out.println("  problems:      " + problems(s.totals) + " (any outcome after which B may differ: not match, transient or dropped)");
        out.println("  latency A ms:  " + latency(s.totals.a));
        out.println("  latency B ms:  " + latency(s.totals.b));
        for (Map.Entry<String, ReadShare.Phase> p : s.readShare.byPhase.entrySet()) {
            ReadShare.Phase r = p.getValue();
            StringBuilder why = new StringBuilder();
            r.notCompared.forEach((k, v) -> why.append(why.length() == 0 ? "; not compared: " : ", ").append(k).append(' ').append(v));
            out.printf(Locale.ROOT, "  reads compared in %s: %d of %d (%.1f%%)%s%n", p.getKey(), r.compared, r.reads, r.percent(), why);
        }
        out.println();

        groups(out, "By table", s.tables);
        groups(out, "By fingerprint", s.fingerprints);
        if (!s.paths.ranked().isEmpty() || s.paths.foldedGroups() > 0) {
            groups(out, "By request path", s.paths);
        }

        if (s.phaseChangeCount > 0) {
            out.println("Phase changes (" + s.phaseChangeCount
                + (s.phaseChangeCount > s.phaseChanges.size() ? ", the latest " + s.phaseChanges.size() : "") + ")");
            for (Summary.PhaseChange c : s.phaseChanges) {
                out.println("  " + c.ts() + "  " + phaseChange(c));
            }
            out.println();
        }
        if (!s.syncs.isEmpty()) {
            out.println("Sync from A's change log (latest state in the time window)");
            for (Summary.Sync y : s.syncs.values()) {
                out.println("  " + syncLine(y));
            }
            out.println();
        }
        if (s.malformed > 0) {
            out.println("Malformed lines: " + s.malformed + " (not counted)");
            for (Summary.Malformed m : s.malformedExamples) {
                out.println("  " + m.file() + ":" + m.line() + ": " + m.error());
            }
            if (s.malformed > s.malformedExamples.size()) {
                out.println("  … " + (s.malformed - s.malformedExamples.size()) + " more");
            }
            out.println();
        }
        out.flush();
    }

    private static void groups(PrintWriter out, String title, GroupTable table) {
        List<Map.Entry<String, Aggregate>> ranked = table.ranked();
        out.println(title + " (" + ranked.size() + (table.foldedGroups() > 0 ? " shown" : "")
            + ", ranked by problems then events)");
        if (ranked.isEmpty()) {
            out.println("  (no events)");
        }
        for (Map.Entry<String, Aggregate> e : ranked) {
            Aggregate a = e.getValue();
            out.println("  " + oneLine(e.getKey(), SQL_WIDTH) + (a.exact ? "" : "  [partial: earlier events in other]"));
            out.printf(Locale.ROOT, "      %d events: %s; mismatch rate %s; problems %d%n", a.outcomes.total(), outcomes(a),
                rate(a), a.outcomes.problems());
            translated(out, a);
            out.println("      A ms " + latency(a.a));
            out.println("      B ms " + latency(a.b));
            problem(out, a.latestProblem, "latest");
            if (a.latestDiff != null && a.latestDiff != a.latestProblem) {
                problem(out, a.latestDiff, "latest diff:");
            }
        }
        if (table.foldedGroups() > 0) {
            Aggregate o = table.other();
            out.printf(Locale.ROOT, "  other (%s%d folded, partial groups above included): %d events: %s; mismatch rate %s%n",
                table.foldedGroupsExact() ? "" : "up to ", table.foldedGroups(), o.outcomes.total(), outcomes(o), rate(o));
        }
        out.println();
    }

    /** For a fingerprint whose shadow side ran other SQL: the latest such SQL, and how many events were translated. */
    private static void translated(PrintWriter out, Aggregate a) {
        if (a.exampleBSql != null) {
            out.println("      b.sql: " + oneLine(a.exampleBSql, SQL_WIDTH));
        }
        if (a.exampleASql != null) {
            out.println("      a.sql: " + oneLine(a.exampleASql, SQL_WIDTH));
        }
        if (a.exampleBSql != null || a.exampleASql != null) {
            out.println("      translated in " + a.translated + " of " + a.outcomes.total() + " events");
        }
    }

    private static void problem(PrintWriter out, Problem p, String label) {
        if (p == null) {
            return;
        }
        out.println("      " + label + " " + p.outcome() + (p.reason() == null ? "" : " (" + p.reason() + ")") + " at "
            + p.ts() + problemDetail(p));
        if (p.sql() != null) {
            out.println("        sql: " + oneLine(p.sql(), SQL_WIDTH));
        }
        if (p.bSql() != null) {
            out.println("        b.sql: " + oneLine(p.bSql(), SQL_WIDTH));
        }
        if (p.aSql() != null) {
            out.println("        a.sql: " + oneLine(p.aSql(), SQL_WIDTH));
        }
        if (p.diffJson() != null) {
            out.println("        diff: " + oneLine(p.diffJson(), 400));
        }
    }

    private static String problemDetail(Problem p) {
        StringBuilder sb = new StringBuilder();
        if (p.countField() != null && (p.aCount() != null || p.bCount() != null)) {
            sb.append(": ").append(p.countField()).append(" A=").append(p.aCount()).append(" B=").append(p.bCount());
        }
        if (p.aError() != null) {
            sb.append("; A error: ").append(oneLine(p.aError(), 200));
        }
        if (p.bError() != null) {
            sb.append("; B error: ").append(oneLine(p.bError(), 200));
        }
        if (p.requestPath() != null) {
            sb.append("; request ").append(oneLine(p.requestPath(), 200));
        }
        return sb.toString();
    }

    /** One phase change on one line: where, from, to, by whom. */
    /** One sync's line: state, lag now and at most, position, counts, errors. */
    static String syncLine(Summary.Sync y) {
        return y.name + ": " + y.state + ", lag " + (Double.isNaN(y.lag) || y.lag < 0 ? "unknown" : whole(y.lag) + " ms")
            + " (p50 " + whole(y.p50) + ", p99 " + whole(y.p99) + ", at most " + whole(y.maxLag) + " ms over " + y.samples
            + (y.samples == 1 ? " sample" : " samples") + "), position " + (y.position == null || y.position.isEmpty() ? "–" : y.position)
            + ", snapshot rows " + whole(y.snapshotRows) + ", events " + whole(y.events) + ", transactions " + whole(y.transactions)
            + ", errors " + whole(y.errors) + (y.lastError != null ? " (last: " + y.lastError + ")" : "") + ", as of " + y.ts;
    }

    private static String whole(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String phaseChange(Summary.PhaseChange c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.table() == null ? "global" : "table " + oneLine(c.table(), 100)).append(": ");
        sb.append(c.from() == null ? "?" : oneLine(c.from(), 200)).append(" -> ");
        sb.append(c.to() == null ? "?" : oneLine(c.to(), 200));
        if (c.actor() != null || c.source() != null) {
            sb.append(" (");
            if (c.actor() != null) {
                sb.append("by ").append(oneLine(c.actor(), 100));
            }
            if (c.source() != null) {
                sb.append(c.actor() != null ? ", " : "").append("via ").append(oneLine(c.source(), 100));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    static String outcomes(Aggregate a) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> o : a.outcomes.asMap().entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(o.getKey()).append(' ').append(o.getValue());
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String kinds(Map<String, long[]> kinds) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, long[]> k : kinds.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k.getKey()).append(' ').append(k.getValue()[0]);
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** Problems and their share of events: "3 of 120 events (2.500%)". */
    static String problems(Aggregate a) {
        long events = a.outcomes.total();
        return a.outcomes.problems() + " of " + events + " events"
            + (events == 0 ? "" : String.format(Locale.ROOT, " (%.3f%%)", 100.0 * a.outcomes.problems() / events));
    }

    static String rate(Aggregate a) {
        double r = a.outcomes.mismatchRate();
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", r * 100);
    }

    static String latency(Latency l) {
        if (l.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  max %s  (%d timed)", ms(l.percentileMillis(50)),
            ms(l.percentileMillis(90)), ms(l.percentileMillis(99)), ms(l.maxMillis()), l.count());
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String filters(EventFilter f) {
        StringBuilder sb = new StringBuilder();
        if (f.since != null) {
            sb.append("since ").append(f.since).append(' ');
        }
        if (f.until != null) {
            sb.append("until ").append(f.until).append(' ');
        }
        if (!f.tables.isEmpty()) {
            sb.append("table ").append(String.join(",", f.tables)).append(' ');
        }
        if (!f.outcomes.isEmpty()) {
            sb.append("outcome ").append(String.join(",", f.outcomes)).append(' ');
        }
        if (!f.kinds.isEmpty()) {
            sb.append("kind ").append(String.join(",", f.kinds)).append(' ');
        }
        if (!f.pathPrefixes.isEmpty()) {
            sb.append("path ").append(String.join(",", f.pathPrefixes)).append(' ');
        }
        return sb.toString().trim();
    }

    /**
     * Collapses whitespace (a terminal report is one event per line), replaces control characters
     * (log data must not drive the terminal) and abbreviates.
     */
    static String oneLine(String s, int max) {
        String collapsed = s.replaceAll("\\s+", " ").replaceAll("\\p{Cc}", "?").trim();
        return EventParser.abbreviate(collapsed, max);
    }
}
